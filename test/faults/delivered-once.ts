import type { EventCollector, SmtpSink, Stack } from '../support';
import { reportsNaming, sleep, waitThroughPipeline } from '../support';
import { duplicateIds, expectedDeclinedIds, readDeadLetters, type GeneratedDdor } from './helpers';

export interface DeliveredOnceRun {
  stack: Stack;
  events: EventCollector;
  smtp: SmtpSink;
  reports: GeneratedDdor[];
  /** The one watch of the run: its address and the jurisdiction it follows. */
  watch: { email: string; jurisdictionId: string };
  timeoutMs: number;
  context?: () => string;
  /** When the run SIGKILLed a notifier (ms since the epoch): the one moment an email may go out twice. */
  notifierKilledAt?: number;
}

/** Fails on a second copy of an email that a notifier kill does not explain; reports those it explains. */
export function expectNoUnexplainedCopies(
  smtp: SmtpSink,
  notifierKilledAt: number | undefined,
): ReturnType<typeof emailCopies> {
  const copies = emailCopies(smtp, notifierKilledAt);
  if (copies.resent.length > 0)
    console.log(`sent again after the notifier's kill, same Message-ID: ${copies.resent.join(', ')}`);
  expect(copies.unexplained).toEqual([]);
  return copies;
}

/**
 * The emails received, grouped by Message-ID, and the second copies that a notifier kill does not explain. SMTP
 * cannot commit with the database, so an email the server accepted in the instant before a notifier was SIGKILLed,
 * and that the dead process could not record, goes out again once its claim's lease has passed, under the same
 * Message-ID (mail clients show it once). That is the only second copy allowed: the first copy reached the test's
 * SMTP sink within a second of the kill (the sink records it when its own event loop gets to it), the second later.
 */
export function emailCopies(
  smtp: SmtpSink,
  notifierKilledAt: number | undefined,
): { byMessageId: Map<string, Date[]>; resent: string[]; unexplained: string[] } {
  const byMessageId = new Map<string, Date[]>();
  for (const m of smtp.messages) {
    const id = m.parsed.messageId ?? '(none)';
    byMessageId.set(id, [...(byMessageId.get(id) ?? []), m.receivedAt]);
  }
  const twice = [...byMessageId].filter(([, at]) => at.length > 1);
  const explained = ([, at]: [string, Date[]]) =>
    at.length === 2 &&
    notifierKilledAt !== undefined &&
    Math.abs(at[0]!.getTime() - notifierKilledAt) <= 1000 &&
    at[1]!.getTime() >= notifierKilledAt + 1000;
  const killedAt =
    notifierKilledAt === undefined ? 'no notifier was killed' : new Date(notifierKilledAt).toISOString();
  return {
    byMessageId,
    resent: twice.filter(explained).map(([id]) => id),
    unexplained: twice
      .filter((copy) => !explained(copy))
      .map(([id, at]) => `${id} at ${at.map((d) => d.toISOString()).join(', ')} (${killedAt})`),
  };
}

/**
 * The end of a fault or scale run: waits until every report is through the pipeline, works out which reports name
 * the watched jurisdiction, waits for those alerts and emails, gives a duplicate time to show up, then
 * checks that every row is on the stream once, every alert was sent once, each email matches one alert.sent (by its
 * Message-ID `<alert.<deliveryId>@...>`), every event is valid, nothing was dead-lettered, and no service died.
 */
export async function expectDeliveredOnce(run: DeliveredOnceRun): Promise<void> {
  const { stack, events, smtp, reports, watch, timeoutMs, context } = run;
  const jurisdictions = await waitThroughPipeline(
    events,
    reports.map((r) => r.reportId),
    expectedDeclinedIds(reports).length,
    { timeoutMs, context },
  );
  const mailed = reportsNaming(jurisdictions, watch.jurisdictionId);
  await events.waitFor('alert.sent', (e) => e.length >= mailed.length, {
    timeoutMs,
    message: `${mailed.length} alert.sent`,
    context,
  });
  await smtp.waitForMessages(mailed.length, { timeoutMs, context });
  await sleep(4000);

  expect(mailed.length).toBeGreaterThan(0);
  expect(duplicateIds(events.events)).toEqual([]);
  expect(
    events
      .of('detainer.declined')
      .map((e) => e.envelope.id)
      .sort(),
  ).toEqual(expectedDeclinedIds(reports));
  expect(events.of('report.extracted')).toHaveLength(reports.length);
  const alerts = events
    .of('alert.sent')
    .map((e) => e.envelope.data as { reportId: string; deliveryId: string });
  expect(alerts.map((a) => a.reportId).sort()).toEqual([...mailed].sort());
  expect(
    [...new Set(smtp.to(watch.email).map((m) => m.parsed.messageId?.replace(/^<|@.*$/g, '')))].sort(),
  ).toEqual(alerts.map((a) => `alert.${a.deliveryId}`).sort());
  expectNoUnexplainedCopies(smtp, run.notifierKilledAt);
  expect(events.invalid()).toEqual([]);
  expect(await readDeadLetters(stack)).toEqual([]);
  expect(stack.unexpectedExits().map((p) => p.key)).toEqual([]);
  expect(await stack.notReady()).toEqual([]);
}

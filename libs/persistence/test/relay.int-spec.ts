import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Subjects } from '@detainer-watch/contracts';
import type { EventPublisher } from '@detainer-watch/messaging';
import type { DataSource } from 'typeorm';
import { Outbox, OutboxRelay, type NotificationListener } from '../src';
import { sleep, waitFor } from '@detainer-watch/testing';
import { startBusHarness, type BusHarness } from './bus-harness';
import { alertSent } from './fixtures/events';
import { quietLogger, startDbHarness, type DbHarness } from './harness';

const REPO_ROOT = join(__dirname, '../../..');

/** Passes publishes through to the real bus and remembers which ids it was asked to send. */
class RecordingPublisher implements EventPublisher {
  readonly sent: string[] = [];
  constructor(private readonly inner: EventPublisher) {}
  async publish(...args: Parameters<EventPublisher['publish']>): Promise<void> {
    await this.inner.publish(...args);
    this.sent.push(args[1].id);
  }
}

jest.setTimeout(60_000);

describe('OutboxRelay (Postgres + JetStream)', () => {
  let db: DbHarness;
  let nats: BusHarness;
  let ds: DataSource;
  let outbox: Outbox;
  const relays: OutboxRelay[] = [];
  const relay = (
    publisher: EventPublisher,
    extra: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {},
  ) => {
    const r = new OutboxRelay({ dataSource: ds, publisher, logger: quietLogger, ...extra });
    relays.push(r);
    return r;
  };
  const unpublished = async (): Promise<number> =>
    (await ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n;
  const enqueue = (ids: string[]) =>
    ds.transaction((m) =>
      outbox.enqueueAll(
        m,
        ids.map((id) => ({ subject: Subjects.AlertSent, event: alertSent(id) })),
      ),
    );

  beforeAll(async () => {
    db = await startDbHarness();
    nats = await startBusHarness(db);
    ds = await db.dataSource();
    outbox = new Outbox(db.schema);
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await ds.query('DELETE FROM outbox');
  });
  afterAll(async () => {
    await nats.close();
    await db.close();
  });

  it('publishes committed rows in order, once, woken by NOTIFY rather than the poll, and deletes them', async () => {
    const bus = await nats.bus();
    // A long poll interval: only the NOTIFY can make this fast.
    await relay(bus, { pollIntervalMs: 60_000 }).start();
    const ids = ['order-1', 'order-2', 'order-3'];
    const started = Date.now();
    await enqueue(ids);
    await waitFor(async () => (await unpublished()) === 0, {
      message: 'rows deleted once published',
      timeoutMs: 5000,
      intervalMs: 50,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await nats.storedIds(Subjects.AlertSent)).toEqual(ids);
  });

  it('loses nothing when the process dies between the state commit and the publish', async () => {
    const eventId = `crash-${db.runId}`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'fixtures/commit-then-die.ts')],
      {
        cwd: REPO_ROOT,
        // tsx reads decorator settings from a tsconfig; the root one holds only project references.
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: join(__dirname, '../tsconfig.json'),
          DATABASE_URL: db.infra.databaseUrl,
          DATABASE_SCHEMA: db.schema,
          EVENT_ID: eventId,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        if (c.toString().includes('committed')) resolve();
      });
      void exited.then((how) => reject(new Error(`child exited (${how}) before committing: ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(await ds.query('SELECT count FROM widgets WHERE id = $1', [eventId])).toEqual([{ count: 1 }]);
    expect(await unpublished()).toBe(1);
    expect(await nats.storedIds(Subjects.AlertSent)).not.toContain(eventId);

    const publisher = new RecordingPublisher(await nats.bus());
    await relay(publisher).start();
    await waitFor(async () => (await unpublished()) === 0, {
      message: 'the orphaned row to be published',
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    // A restarted relay finds nothing left to send.
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await relay(publisher).start();
    await sleep(1500);
    expect(publisher.sent.filter((id) => id === eventId)).toEqual([eventId]);
    expect((await nats.storedIds(Subjects.AlertSent)).filter((id) => id === eventId)).toEqual([eventId]);
  });

  it('two relays on the same table publish each row exactly once between them', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => `pair-${String(i).padStart(4, '0')}`);
    const a = new RecordingPublisher(await nats.bus());
    const b = new RecordingPublisher(await nats.bus());
    await Promise.all([relay(a, { batchSize: 20 }).start(), relay(b, { batchSize: 20 }).start()]);
    for (let i = 0; i < ids.length; i += 100) await enqueue(ids.slice(i, i + 100));
    await waitFor(async () => (await unpublished()) === 0, {
      message: 'all rows published',
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    const sent = [...a.sent, ...b.sent];
    expect(sent).toHaveLength(ids.length);
    expect(new Set(sent).size).toBe(ids.length);
    // Both did real work (SKIP LOCKED let them share), and the stream holds each event once.
    expect(a.sent.length).toBeGreaterThan(0);
    expect(b.sent.length).toBeGreaterThan(0);
    const stored = (await nats.storedIds(Subjects.AlertSent)).filter((id) => id.startsWith('pair-'));
    expect(stored.sort()).toEqual(ids);
  });

  /**
   * A relay that hears no NOTIFY and polls once a minute, started and past its first pass (the first prune follows
   * it), so rows enqueued now are found only by the pass that stop() makes.
   */
  const idleRelay = async (publisher: EventPublisher, extra: { finalPassMs?: number } = {}) => {
    const deaf: NotificationListener = { listen: async () => undefined, close: async () => undefined };
    let firstPassDone = false;
    const r = relay(publisher, {
      pollIntervalMs: 60_000,
      listener: deaf,
      observer: { pruned: () => (firstPassDone = true) },
      ...extra,
    });
    await r.start();
    await waitFor(() => firstPassDone, {
      message: "the relay's first pass",
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    return r;
  };

  it('on stop, publishes the rows committed since its last pass, then stops', async () => {
    const recorder = new RecordingPublisher(await nats.bus());
    const r = await idleRelay(recorder);
    const ids = ['last-1', 'last-2', 'last-3'];
    await enqueue(ids);
    await sleep(300);
    expect(recorder.sent).toEqual([]);
    await r.stop();
    expect(recorder.sent).toEqual(ids);
    expect(await unpublished()).toBe(0);
  });

  it('on stop with the broker refusing, gives up at once and keeps the rows for the next start', async () => {
    const refusing: EventPublisher = {
      publish: async () => {
        throw new Error('no responders');
      },
    };
    const r = await idleRelay(refusing, { finalPassMs: 10_000 });
    await enqueue(['kept-1']);
    const t0 = Date.now();
    await r.stop();
    expect(Date.now() - t0).toBeLessThan(2000);
    const [row] = await ds.query('SELECT id, attempts FROM outbox');
    expect(row).toEqual({ id: 'kept-1', attempts: 1 });
  });

  it('keeps a row that failed to publish, records why, backs off, and sends it once the broker can take it', async () => {
    // A bus on a namespace whose stream does not exist yet: JetStream rejects the publish, a real broker failure.
    const { JetStreamBus } = await import('@detainer-watch/messaging');
    const streamPrefix = `${nats.names.streamPrefix}LATE_`;
    const late = await JetStreamBus.connect({
      servers: db.infra.natsUrl,
      name: 'persistence-test-late',
      subjectPrefix: `${nats.names.subjectPrefix}late.`,
      streamPrefix,
      logger: quietLogger,
    });
    try {
      const failures: number[] = [];
      await relay(late, {
        pollIntervalMs: 100,
        baseBackoffMs: 300,
        observer: { relayFailed: (_s, attempts) => failures.push(attempts) },
      }).start();
      await enqueue(['late-1']);
      await waitFor(
        async () => {
          const [r] = await ds.query('SELECT attempts FROM outbox');
          return r.attempts > 0;
        },
        { message: 'a failure recorded on the row', timeoutMs: 15_000, intervalMs: 50 },
      );
      const [row] = await ds.query(
        'SELECT attempts, last_error, next_attempt_at > now() AS waiting FROM outbox',
      );
      expect(row.attempts).toBeGreaterThanOrEqual(1);
      expect(row.last_error).toMatch(/\w/);
      expect(await unpublished()).toBe(1);
      await late.provision();
      await waitFor(async () => (await unpublished()) === 0, {
        message: 'the row to be published after backoff',
        timeoutMs: 15_000,
        intervalMs: 50,
      });
      expect(failures[0]).toBe(1);
    } finally {
      await Promise.all(relays.splice(0).map((r) => r.stop()));
      await late.close();
      const { cleanupStreams } = await import('@detainer-watch/testing');
      await cleanupStreams(db.infra.natsUrl, streamPrefix);
    }
  });

  it('prunes inbox records older than the inbox retention', async () => {
    await ds.query(
      `INSERT INTO inbox (consumer, event_id, processed_at) VALUES
         ('c', 'ancient', now() - interval '31 days'), ('c', 'recent', now() - interval '29 days')`,
    );
    const pruned: number[] = [];
    await relay(await nats.bus(), { observer: { pruned: (n) => pruned.push(n) } }).start();
    await waitFor(async () => pruned.length > 0, {
      message: 'a prune pass',
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    const left = (await ds.query('SELECT event_id FROM inbox ORDER BY event_id')).map(
      (r: { event_id: string }) => r.event_id,
    );
    expect(left).toEqual(['recent']);
  });
});

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Subjects } from '@detainer-watch/contracts';
import type { DataSource } from 'typeorm';
import { Inbox } from '../src';
import { startBusHarness, type BusHarness } from './bus-harness';
import { alertSent } from './fixtures/events';
import { startDbHarness, type DbHarness } from './harness';
import { sleep, waitFor } from '@detainer-watch/testing';

const REPO_ROOT = join(__dirname, '../../..');
const ACK_WAIT_MS = 2000;

jest.setTimeout(60_000);

describe('inbox group commit: a process dying before the COMMIT (Postgres + JetStream)', () => {
  let db: DbHarness;
  let nats: BusHarness;
  let ds: DataSource;

  beforeAll(async () => {
    db = await startDbHarness();
    nats = await startBusHarness(db);
    ds = await db.dataSource();
  });
  afterAll(async () => {
    await nats.close();
    await db.close();
  });

  it('commits nothing of the unfinished batch and acks none of it; the redeliveries run each event once', async () => {
    const durable = 'inbox_crash';
    const ids = Array.from({ length: 12 }, (_, i) => `crash-${db.runId}-${i}`);
    const hang = ids[ids.length - 1];
    const bus = await nats.bus();
    for (const id of ids) await bus.publish(Subjects.AlertSent, alertSent(id));

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'fixtures/consume-then-die.ts')],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: join(__dirname, '../tsconfig.json'),
          DATABASE_URL: db.infra.databaseUrl,
          DATABASE_SCHEMA: db.schema,
          NATS_URL: db.infra.natsUrl,
          SUBJECT_PREFIX: nats.names.subjectPrefix,
          STREAM_PREFIX: nats.names.streamPrefix,
          DURABLE: durable,
          HANG_EVENT_ID: hang,
          ACK_WAIT_MS: String(ACK_WAIT_MS),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    const hangingTx = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = /^hanging (\d+)$/m.exec(stdout);
        if (m) resolve(m[1]);
      });
      void exited.then((how) => reject(new Error(`child exited (${how}) before hanging: ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const ran = [...stdout.matchAll(/^ran (\S+) (\d+)$/gm)].map(([, id, txid]) => ({ id, txid }));
    const batchMates = ran.filter((r) => r.txid === hangingTx).map((r) => r.id);
    expect(batchMates.length).toBeGreaterThan(0); // the crash did hit a batch with other events in it
    const committed: string[] = (
      await ds.query('SELECT event_id FROM inbox WHERE consumer = $1', [durable])
    ).map((r: { event_id: string }) => r.event_id);
    for (const id of [...batchMates, hang]) expect(committed).not.toContain(id);
    const widgets = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (await ds.query('SELECT id, count FROM widgets WHERE id = ANY($1)', [ids])).map(
          (r: { id: string; count: number }) => [r.id, r.count],
        ),
      );
    expect(Object.keys(await widgets()).sort()).toEqual([...committed].sort());

    // A new consumer on the same durable gets what was not acked once the ack wait runs out.
    const reruns: string[] = [];
    const consumer = await (
      await nats.bus()
    ).consume(
      { durable, subject: Subjects.AlertSent, concurrency: 16, ackWaitMs: ACK_WAIT_MS },
      async (event) => {
        await Inbox.processOnce(ds, durable, event.id, async (m) => {
          reruns.push(event.id);
          await m.query('INSERT INTO widgets (id, count) VALUES ($1, 1)', [event.id]);
        });
      },
    );
    try {
      await waitFor(
        async () =>
          (await ds.query('SELECT count(*)::int AS n FROM inbox WHERE consumer = $1', [durable]))[0].n >=
          ids.length,
        { message: 'the redeliveries of every event', timeoutMs: 20_000, intervalMs: 100 },
      );
      await sleep(ACK_WAIT_MS + 500); // anything else redelivered would show now
    } finally {
      await consumer.drain();
    }
    expect(await widgets()).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    expect(reruns.sort()).toEqual(ids.filter((id) => !committed.includes(id)).sort());
  });
});

import type { DataSource, EntityManager } from 'typeorm';
import { Inbox, InboxBatchError } from '../src';
import { startDbHarness, type DbHarness } from './harness';

jest.setTimeout(60_000);

/**
 * Group commit in `Inbox.processOnce`: concurrent events share a transaction (one SAVEPOINT each, one COMMIT), and
 * every caller keeps the one-transaction-per-event contract.
 */
describe('inbox group commit (Postgres)', () => {
  let h: DbHarness;
  let ds: DataSource;
  const widget = async (id: string): Promise<number | null> =>
    (await ds.query('SELECT count FROM widgets WHERE id = $1', [id]))[0]?.count ?? null;
  const inboxed = async (consumer: string): Promise<string[]> =>
    (await ds.query('SELECT event_id FROM inbox WHERE consumer = $1 ORDER BY event_id', [consumer])).map(
      (r: { event_id: string }) => r.event_id,
    );
  /** Writes the event's widget and returns the id of the transaction it ran in. */
  const writeWidget = async (m: EntityManager, id: string): Promise<string> => {
    await m.query(
      'INSERT INTO widgets (id, count) VALUES ($1, 1) ON CONFLICT (id) DO UPDATE SET count = widgets.count + 1',
      [id],
    );
    const [{ txid }] = await m.query('SELECT txid_current()::text AS txid');
    return txid as string;
  };
  /** A DataSource of its own, so its batch settings do not leak into other tests. */
  const serialDataSource = async (): Promise<DataSource> => {
    const own = await h.dataSource();
    // No time cap: on a busy machine 20 ms may pass between two events and split the batch.
    Inbox.configure(own, { parallelism: 1, maxBatchMs: 10_000 });
    return own;
  };

  beforeAll(async () => {
    h = await startDbHarness();
    ds = await h.dataSource();
  });
  afterAll(async () => {
    await h.close();
  });

  it('lets concurrent events share transactions and resolves each only once its effects are committed', async () => {
    const grouped = await h.dataSource();
    Inbox.configure(grouped, { maxBatchMs: 10_000 }); // four slots, as by default
    const ids = Array.from({ length: 40 }, (_, i) => `group-${i}`);
    const seenCommitted: boolean[] = [];
    const runs = new Map<string, number>();
    const txids = await Promise.all(
      ids.map(async (id) => {
        const result = await Inbox.processOnce(grouped, 'grouping', id, (m) => {
          runs.set(id, (runs.get(id) ?? 0) + 1);
          return writeWidget(m, id);
        });
        // Checked on another pooled connection the moment the caller is resolved (when the bus would ack).
        seenCommitted.push((await widget(id)) === 1 && (await inboxed('grouping')).includes(id));
        if (result.duplicate) throw new Error(`${id} reported as duplicate`);
        return result.value;
      }),
    );
    expect(seenCommitted).toEqual(ids.map(() => true));
    expect([...runs.values()]).toEqual(ids.map(() => 1)); // no failure: every handler ran once
    expect(await inboxed('grouping')).toHaveLength(40);
    // All 40 were queued at once: four slots, at most 32 events each, give a handful of transactions.
    expect(new Set(txids).size).toBeLessThanOrEqual(8);
  });

  it('rolls back only the failing event, including a handler that swallowed an SQL error', async () => {
    const serial = await serialDataSource();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        Inbox.processOnce(serial, 'isolation', `iso-${i}`, async (m) => {
          const txid = await writeWidget(m, `iso-${i}`);
          if (i === 3) throw new Error('handler 3 failed after writing');
          // 6 in the middle of the batch and 9 at its end leave the transaction aborted yet return normally.
          if (i === 6 || i === 9) await m.query('SELECT 1 / 0').catch(() => undefined);
          return txid;
        }),
      ),
    );
    const failed = (i: number) => outcomes[i] as PromiseRejectedResult;
    expect(failed(3).reason).toEqual(new Error('handler 3 failed after writing'));
    expect(String(failed(6).reason)).toMatch(/iso-6 returned, but an SQL statement in it failed/);
    expect(String(failed(9).reason)).toMatch(/iso-9 returned, but an SQL statement in it failed/);
    const ok = [0, 1, 2, 4, 5, 7, 8];
    const txids = ok.map((i) => (outcomes[i] as PromiseFulfilledResult<{ value: string }>).value.value);
    expect(new Set(txids).size).toBeLessThan(ok.length); // they did share transactions with the failures
    for (const i of ok) expect(await widget(`iso-${i}`)).toBe(1);
    for (const i of [3, 6, 9]) expect(await widget(`iso-${i}`)).toBeNull();
    expect(await inboxed('isolation')).toEqual(ok.map((i) => `iso-${i}`));

    // The redeliveries of the failed ones run again and commit.
    for (const i of [3, 6, 9]) {
      const retry = await Inbox.processOnce(serial, 'isolation', `iso-${i}`, (m) =>
        writeWidget(m, `iso-${i}`),
      );
      expect(retry.duplicate).toBe(false);
      expect(await widget(`iso-${i}`)).toBe(1);
    }
  });

  it('finds a handler that swallowed an SQL error even when no handler threw, in the middle or at the end', async () => {
    const serial = await serialDataSource();
    for (const poisoned of [2, 5]) {
      const runs = new Map<number, number>();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          Inbox.processOnce(serial, `swallow-${poisoned}`, `sw-${poisoned}-${i}`, async (m) => {
            runs.set(i, (runs.get(i) ?? 0) + 1);
            await writeWidget(m, `sw-${poisoned}-${i}`);
            if (i === poisoned) await m.query('SELECT 1 / 0').catch(() => undefined);
          }),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(
        [0, 1, 2, 3, 4, 5].map((i) => (i === poisoned ? 'rejected' : 'fulfilled')),
      );
      for (let i = 0; i < 6; i++) expect(await widget(`sw-${poisoned}-${i}`)).toBe(i === poisoned ? null : 1);
      // Rolled back once and run again with savepoints: a second run, never a second effect.
      expect(Math.max(...runs.values())).toBe(2);
    }
  });

  it('detects a duplicate inside one batch, and runs the next copy when the first one failed', async () => {
    const serial = await serialDataSource();
    let runs = 0;
    const copies = await Promise.all(
      [1, 2, 3].map(() =>
        Inbox.processOnce(serial, 'dupes', 'dup-a', async (m) => {
          runs++;
          return writeWidget(m, 'dup-a');
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(copies.filter((c) => c.duplicate)).toHaveLength(2);
    expect(await widget('dup-a')).toBe(1);

    let attempt = 0;
    const retried = await Promise.allSettled(
      [1, 2, 3].map(() =>
        Inbox.processOnce(serial, 'dupes', 'dup-b', async (m) => {
          await writeWidget(m, 'dup-b');
          if (++attempt === 1) throw new Error('first copy failed');
          return attempt;
        }),
      ),
    );
    expect(retried.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual([
      'rejected',
      { duplicate: false, value: 2 },
      { duplicate: true },
    ]);
    expect(await widget('dup-b')).toBe(1);
    expect(await inboxed('dupes')).toEqual(['dup-a', 'dup-b']);
  });

  it('rejects every event of a batch whose COMMIT fails, leaving none of them committed', async () => {
    const serial = await serialDataSource();
    // A deferred constraint is checked at COMMIT, after every savepoint was released.
    await ds.query(
      'CREATE TABLE commit_check (id text, CONSTRAINT commit_check_unique UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)',
    );
    const ids = Array.from({ length: 6 }, (_, i) => `commit-${i}`);
    const outcomes = await Promise.allSettled(
      ids.map((id, i) =>
        Inbox.processOnce(serial, 'commit-fails', id, async (m) => {
          await writeWidget(m, id);
          if (i === 4) await m.query("INSERT INTO commit_check (id) VALUES ('same'), ('same')");
        }),
      ),
    );
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    for (const o of outcomes) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(InboxBatchError);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(
      /did not commit: .*commit_check_unique/,
    );
    for (const id of ids) expect(await widget(id)).toBeNull();
    expect(await inboxed('commit-fails')).toEqual([]);

    // Redelivered without the faulty write, all of them commit once.
    await Promise.all(
      ids.map((id) => Inbox.processOnce(serial, 'commit-fails', id, (m) => writeWidget(m, id))),
    );
    for (const id of ids) expect(await widget(id)).toBe(1);
    expect(await inboxed('commit-fails')).toEqual(ids);
  });

  it('keeps one transaction per event when batching is turned off', async () => {
    const alone = await h.dataSource();
    Inbox.configure(alone, { enabled: false });
    const txids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        Inbox.processOnce(alone, 'alone', `alone-${i}`, (m) => writeWidget(m, `alone-${i}`)),
      ),
    );
    expect(new Set(txids.map((t) => (t.duplicate ? null : t.value))).size).toBe(8);
  });

  it('refuses nonsensical batch settings, naming them', () => {
    expect(() => Inbox.configure(ds, { maxBatchSize: 0 })).toThrow(
      /maxBatchSize must be an integer >= 1, got 0/,
    );
    expect(() => Inbox.configure(ds, { parallelism: 1.5 })).toThrow(/parallelism must be an integer >= 1/);
  });
});

import { escapeLiteral, type PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { quoteIdent, schemaOf } from '../sql';

export type InboxResult<T> = { duplicate: true } | { duplicate: false; value: T };

/** How `Inbox.processOnce` groups deliveries on one DataSource (see `Inbox.configure`). */
export interface InboxBatchOptions {
  /** false: every event in its own transaction (one COMMIT, one WAL flush each). Default true. */
  enabled?: boolean;
  /**
   * Events sharing one transaction at most. Default 32: each event is one subtransaction (SAVEPOINT), and
   * Postgres caches 64 per transaction before every other session's snapshots get slower.
   */
  maxBatchSize?: number;
  /** A batch takes no new event after it has run this long (ms), then commits. Default 20. */
  maxBatchMs?: number;
  /** Batches (transactions, pooled connections) open at once on the DataSource. Default 4. */
  parallelism?: number;
}

export const DEFAULT_INBOX_BATCH: Required<InboxBatchOptions> = {
  enabled: true,
  maxBatchSize: 32,
  maxBatchMs: 20,
  parallelism: 4,
};

type Outcome = { ok: true; result: InboxResult<unknown> } | { ok: false; error: unknown };
type Done = [Member, InboxResult<unknown>][];

/** One transaction's events: all taken, those ready to resolve at COMMIT, those already rejected. */
interface Batch {
  taken: Member[];
  done: Done;
  settled: Set<Member>;
}

interface Member {
  consumer: string;
  eventId: string;
  fn: (manager: EntityManager) => Promise<unknown>;
  resolve(result: InboxResult<unknown>): void;
  reject(error: unknown): void;
}

const SAVEPOINT = 'inbox_event';

/** Thrown to every event of a batch whose COMMIT (or the transaction itself) failed; all of them are retried. */
export class InboxBatchError extends Error {
  constructor(message: string, cause: unknown) {
    super(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'InboxBatchError';
  }
}

/**
 * Group commit for the inbox. Deliveries that arrive while earlier ones are being processed share ONE transaction
 * and ONE COMMIT, after which every caller is resolved, so nothing is acked before its effects are durable.
 *
 * Fast pass: queued events are taken in chunks, one inbox INSERT per chunk (a second copy of an event, also inside
 * the chunk, comes back as a duplicate), then the handlers run one after another without savepoints: one round
 * trip per event besides its handler's own. If a handler fails, the whole transaction is rolled back, the failing
 * event is rejected (nak'd) and the others are run again in a second transaction, each inside its own SAVEPOINT,
 * where a failure rolls back to its savepoint and rejects only that event. So a failure costs its batch mates a
 * second run of their handler (the first one's effects were rolled back; handlers already run again on any
 * redelivery), never a wrong outcome. A handler that caught an SQL error and returned normally leaves the
 * transaction aborted; that is detected (before the COMMIT at the latest), never committed silently.
 *
 * Duplicates resolve only after the COMMIT too, because the row they collided with may be one this batch has not
 * committed yet. Nothing waits for a batch to fill: a free slot (up to `parallelism`) starts a transaction at once
 * and keeps taking queued events until the queue is empty, `maxBatchSize` is reached or `maxBatchMs` has passed.
 * Under load events queue up while the slots are busy, so batches grow by themselves; a lone event commits at once.
 */
export class InboxBatcher {
  private readonly queue: Member[] = [];
  private running = 0;
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: Required<InboxBatchOptions>,
  ) {
    this.table = `${quoteIdent(schemaOf(dataSource))}.inbox`;
  }

  submit<T>(
    consumer: string,
    eventId: string,
    fn: (manager: EntityManager) => Promise<T>,
  ): Promise<InboxResult<T>> {
    return new Promise<InboxResult<T>>((resolve, reject) => {
      this.queue.push({
        consumer,
        eventId,
        fn,
        resolve: resolve as (r: InboxResult<unknown>) => void,
        reject,
      });
      this.kick();
    });
  }

  private kick(): void {
    while (this.running < this.options.parallelism && this.queue.length > 0) {
      this.running++;
      void this.runBatch().finally(() => {
        this.running--;
        this.kick();
      });
    }
  }

  private async runBatch(): Promise<void> {
    // Fast pass: no savepoints. Almost always every handler succeeds and this is the only transaction.
    const retry = await this.transaction((qr, client, batch) => this.runOptimistic(qr, client, batch));
    if (retry === null || retry.length === 0) return;
    // Something failed: everything of the fast pass was rolled back. The events not already rejected run again,
    // each in its own savepoint, so a failure now affects only its own event.
    await this.transaction((qr, client, batch) => this.runSafe(qr, client, retry, batch));
  }

  /**
   * One transaction around `body`. Resolves the events `body` put in `batch.done` after the COMMIT; when `body`
   * asks for a retry (returns events) it rolls back instead and resolves nobody; when the transaction breaks or
   * the COMMIT fails, every event taken and not yet settled is rejected.
   */
  private async transaction(
    body: (qr: QueryRunner, client: PoolClient, batch: Batch) => Promise<Member[] | null>,
  ): Promise<Member[] | null> {
    const batch: Batch = { taken: [], done: [], settled: new Set() };
    const qr = this.dataSource.createQueryRunner();
    let retry: Member[] | null = null;
    let broken: unknown = null;
    try {
      const client = (await qr.connect()) as PoolClient;
      await qr.startTransaction();
      retry = await body(qr, client, batch);
      if (retry !== null) await qr.rollbackTransaction();
      else await qr.commitTransaction();
    } catch (err) {
      broken = err;
      if (qr.isTransactionActive) {
        try {
          await qr.rollbackTransaction();
        } catch {
          // The connection is unusable or still inside the transaction: keep it out of the pool.
          await releaseBroken(qr, err);
        }
      }
    } finally {
      await qr.release();
    }
    if (broken !== null) {
      retry = null;
      for (const m of batch.taken) {
        if (!batch.settled.has(m)) {
          m.reject(new InboxBatchError(`inbox transaction for ${m.eventId} did not commit`, broken));
        }
      }
    } else if (retry === null) {
      for (const [m, result] of batch.done) m.resolve(result);
    }
    return retry;
  }

  private take(batch: Batch, started: number): Member[] {
    const room = this.options.maxBatchSize - batch.taken.length;
    if (room <= 0 || performance.now() - started >= this.options.maxBatchMs) return [];
    const chunk = this.queue.splice(0, room);
    batch.taken.push(...chunk);
    return chunk;
  }

  /**
   * Takes queued events in chunks: one inbox INSERT per chunk, then the handlers one after another, no savepoints.
   * Returns null when all is ready to commit, otherwise (roll back) the events to run again with savepoints.
   */
  private async runOptimistic(qr: QueryRunner, client: PoolClient, batch: Batch): Promise<Member[] | null> {
    const started = performance.now();
    const others = (m?: Member) => batch.taken.filter((x) => x !== m);
    for (let chunk = this.take(batch, started); chunk.length > 0; chunk = this.take(batch, started)) {
      const rows: { consumer: string; event_id: string }[] = await qr.query(
        `INSERT INTO ${this.table} (consumer, event_id) SELECT * FROM unnest($1::varchar[], $2::varchar[])
         ON CONFLICT DO NOTHING RETURNING consumer, event_id`,
        [chunk.map((m) => m.consumer), chunk.map((m) => m.eventId)],
      );
      const fresh = new Set(rows.map((r) => keyOf(r.consumer, r.event_id)));
      for (const m of chunk) {
        // A second copy of an event in the same chunk finds its key used up: a duplicate.
        if (!fresh.delete(keyOf(m.consumer, m.eventId))) {
          batch.done.push([m, { duplicate: true }]);
          continue;
        }
        const depth = depthOf(qr);
        try {
          const value = await m.fn(qr.manager);
          if (depthOf(qr) !== depth) throw new Error('the handler left a nested transaction open');
          batch.done.push([m, { duplicate: false, value }]);
        } catch (error) {
          setDepth(qr, depth);
          // Aborted by an earlier statement (another handler caught its SQL error): nobody to blame yet.
          if (isAbortedTransaction(error)) return others();
          m.reject(error);
          batch.settled.add(m);
          return others(m);
        }
      }
    }
    try {
      // A handler that caught an SQL error and returned last would otherwise turn the COMMIT into a silent rollback.
      await client.query('SELECT 1');
    } catch (err) {
      if (isAbortedTransaction(err)) return others();
      throw err;
    }
    return null;
  }

  /** Runs `members` in one transaction, each in its own savepoint; never asks for a retry. */
  private async runSafe(qr: QueryRunner, client: PoolClient, members: Member[], batch: Batch): Promise<null> {
    let previous: Member | undefined;
    for (const m of members) {
      batch.taken.push(m);
      const outcome = await this.runMember(qr, client, m, previous, batch);
      previous = m;
      if (outcome.ok) {
        batch.done.push([m, outcome.result]);
      } else {
        m.reject(outcome.error); // rolled back to its savepoint already: nothing of it will commit
        batch.settled.add(m);
      }
    }
    if (previous) await this.closeLastSavepoint(client, previous, batch);
    return null;
  }

  /**
   * SAVEPOINT + inbox insert (after releasing the previous event's savepoint) in one round trip, then the handler.
   * Throws only when the transaction itself is unusable (then the whole batch fails).
   */
  private async runMember(
    qr: QueryRunner,
    client: PoolClient,
    m: Member,
    previous: Member | undefined,
    batch: Batch,
  ): Promise<Outcome> {
    const insert =
      `SAVEPOINT ${SAVEPOINT}; INSERT INTO ${this.table} (consumer, event_id) ` +
      `VALUES (${escapeLiteral(m.consumer)}, ${escapeLiteral(m.eventId)}) ON CONFLICT DO NOTHING RETURNING 1`;
    let inserted: boolean;
    try {
      try {
        inserted =
          lastRowCount(
            await client.query(previous ? `RELEASE SAVEPOINT ${SAVEPOINT}; ${insert}` : insert),
          ) === 1;
      } catch (err) {
        if (!previous || !isAbortedTransaction(err)) throw err;
        // The previous handler returned normally but left the transaction aborted (it caught an SQL error): undo
        // it and fail that event, then start this one again.
        await this.failPrevious(client, previous, batch);
        inserted = lastRowCount(await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}; ${insert}`)) === 1;
      }
    } catch (error) {
      // The inbox insert itself failed (a lock timeout or deadlock against another batch, say): this event alone
      // is retried, provided its savepoint can be rolled back to; if not, the transaction is lost and throws.
      await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      return { ok: false, error };
    }
    if (!inserted) return { ok: true, result: { duplicate: true } };
    const depth = depthOf(qr);
    try {
      const value = await m.fn(qr.manager);
      if (depthOf(qr) !== depth) throw new Error('the handler left a nested transaction open');
      return { ok: true, result: { duplicate: false, value } };
    } catch (error) {
      await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      // Savepoints TypeORM opened inside the handler are gone with the rollback.
      setDepth(qr, depth);
      return { ok: false, error };
    }
  }

  /** The last event's savepoint must be releasable; otherwise COMMIT would silently roll the whole batch back. */
  private async closeLastSavepoint(client: PoolClient, previous: Member, batch: Batch): Promise<void> {
    try {
      await client.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    } catch (err) {
      if (!isAbortedTransaction(err)) throw err;
      await this.failPrevious(client, previous, batch);
    }
  }

  /** Only a handler that returned can have left the transaction aborted, so `previous` is the last of `done`. */
  private async failPrevious(client: PoolClient, previous: Member, batch: Batch): Promise<void> {
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    const last = batch.done[batch.done.length - 1];
    if (last?.[0] !== previous) return;
    batch.done.pop();
    batch.settled.add(previous);
    last[0].reject(
      new Error(
        `inbox handler for ${last[0].eventId} returned, but an SQL statement in it failed and was caught, ` +
          'leaving its transaction aborted: rolled back',
      ),
    );
  }
}

/** TypeORM's count of open (nested) transactions on the runner; a handler may open savepoints through it. */
function depthOf(qr: QueryRunner): number {
  return (qr as unknown as { transactionDepth: number }).transactionDepth;
}

function setDepth(qr: QueryRunner, depth: number): void {
  (qr as unknown as { transactionDepth: number }).transactionDepth = depth;
}

const keyOf = (consumer: string, eventId: string) => `${consumer}\u0000${eventId}`;

function lastRowCount(result: unknown): number | null {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return (last as { rowCount: number | null }).rowCount;
}

/** 25P02: "current transaction is aborted, commands ignored until end of transaction block". */
function isAbortedTransaction(err: unknown): boolean {
  return (err as { code?: string }).code === '25P02';
}

async function releaseBroken(qr: QueryRunner, err: unknown): Promise<void> {
  const release = (qr as { releasePostgresConnection?: (e: unknown) => Promise<void> })
    .releasePostgresConnection;
  if (release) await release.call(qr, err instanceof Error ? err : new Error(String(err)));
}

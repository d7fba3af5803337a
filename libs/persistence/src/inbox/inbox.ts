import type { DataSource, EntityManager } from 'typeorm';
import { quoteIdent, schemaOf } from '../sql';
import { DEFAULT_INBOX_BATCH, InboxBatcher, type InboxBatchOptions, type InboxResult } from './inbox-batcher';

export type { InboxBatchOptions, InboxResult } from './inbox-batcher';
export { InboxBatchError } from './inbox-batcher';

const settings = new WeakMap<DataSource, Required<InboxBatchOptions>>();
const batchers = new WeakMap<DataSource, InboxBatcher>();

/**
 * Exactly-once effects on top of at-least-once delivery: the inbox row, the handler's state changes and any
 * outbox rows it enqueues commit in one transaction, or none of them do.
 *
 * Group commit (on by default, see `configure`): events processed concurrently on one DataSource share a
 * transaction, each in its own SAVEPOINT, with one COMMIT for all of them. For every caller this is the same
 * contract as one transaction per event: its inbox row, state and outbox rows commit together or not at all;
 * `processOnce` resolves only after the COMMIT (so the message is acked only once its effects are durable); a
 * failing handler rolls back to its savepoint and rejects alone; a failed COMMIT rejects every event of the batch,
 * and all of them are redelivered. What a handler can notice: `now()` is the batch's start, its row locks are held
 * until the batch commits, and handlers of one batch run one after another on one connection. Handlers that do
 * slow non-database work inside `fn` (they should not: work goes before the transaction) delay their batch; such
 * a service can turn batching off for its DataSource.
 */
export class Inbox {
  /** Sets how `processOnce` batches on this DataSource; call before processing (e.g. right after creating it). */
  static configure(dataSource: DataSource, options: InboxBatchOptions): void {
    const merged = { ...DEFAULT_INBOX_BATCH, ...(settings.get(dataSource) ?? {}), ...options };
    for (const key of ['maxBatchSize', 'maxBatchMs', 'parallelism'] as const) {
      if (!Number.isInteger(merged[key]) || merged[key] < 1) {
        throw new RangeError(`Inbox.configure: ${key} must be an integer >= 1, got ${merged[key]}`);
      }
    }
    settings.set(dataSource, merged);
    batchers.delete(dataSource);
  }

  /**
   * Runs `fn` in a transaction that first records (consumer, eventId). If the event was already processed the
   * insert finds the row and `fn` is skipped. A concurrent second delivery blocks on the first one's row lock
   * and then sees it as a duplicate; if the first rolls back, the second proceeds.
   */
  static async processOnce<T>(
    dataSource: DataSource,
    consumer: string,
    eventId: string,
    fn: (manager: EntityManager) => Promise<T>,
  ): Promise<InboxResult<T>> {
    const options = settings.get(dataSource) ?? DEFAULT_INBOX_BATCH;
    if (!options.enabled) return processAlone(dataSource, consumer, eventId, fn);
    let batcher = batchers.get(dataSource);
    if (!batcher) {
      batcher = new InboxBatcher(dataSource, options);
      batchers.set(dataSource, batcher);
    }
    return batcher.submit(consumer, eventId, fn);
  }
}

/** One transaction per event. */
async function processAlone<T>(
  dataSource: DataSource,
  consumer: string,
  eventId: string,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<InboxResult<T>> {
  const table = `${quoteIdent(schemaOf(dataSource))}.inbox`;
  return dataSource.transaction(async (manager): Promise<InboxResult<T>> => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventId],
    );
    if (inserted.length === 0) return { duplicate: true };
    return { duplicate: false, value: await fn(manager) };
  });
}

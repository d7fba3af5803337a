import type { DataSource } from 'typeorm';
import type { Subject } from '@detainer-watch/contracts';
import { quoteIdent, schemaOf } from '../sql';

export interface PendingOutboxRow {
  id: string;
  subject: Subject;
  envelope: unknown;
  /** Failed attempts so far. */
  attempts: number;
}

export type PublishOutcome =
  { id: string; ok: true } | { id: string; ok: false; error: string; retryInMs: number };

/** The relay's view of the outbox table, and of the inbox it keeps from growing without end. */
export interface OutboxStore {
  /**
   * Locks up to `limit` due rows (oldest first) that no other relay holds, lets `publish` handle them, saves the
   * outcomes and releases the locks. Returns how many rows were claimed.
   */
  withDueBatch(
    limit: number,
    publish: (rows: PendingOutboxRow[]) => Promise<PublishOutcome[]>,
  ): Promise<number>;
  /** Deletes inbox records of events processed more than `olderThanMs` ago; returns how many. */
  pruneInbox(olderThanMs: number): Promise<number>;
}

export class PgOutboxStore implements OutboxStore {
  private readonly table: string;
  private readonly inbox: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = `${quoteIdent(schemaOf(dataSource))}.outbox`;
    this.inbox = `${quoteIdent(schemaOf(dataSource))}.inbox`;
  }

  async withDueBatch(
    limit: number,
    publish: (rows: PendingOutboxRow[]) => Promise<PublishOutcome[]>,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // SKIP LOCKED lets several relay replicas work the same table without waiting on or double-sending rows;
      // the lock is held until the publish outcome is saved, so a crash mid-publish just releases the rows.
      const rows: PendingOutboxRow[] = await manager.query(
        `SELECT id, subject, envelope, attempts FROM ${this.table}
         WHERE next_attempt_at <= now()
         ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const outcomes = await publish(rows);
      // A published row is deleted, not marked: the stream now holds the event, and an UPDATE would write the
      // whole row (envelope included) again to the WAL only for a later prune to delete it.
      const published = outcomes.filter((o) => o.ok).map((o) => o.id);
      if (published.length > 0) {
        await manager.query(`DELETE FROM ${this.table} WHERE id = ANY($1::varchar[])`, [published]);
      }
      const failed = outcomes.filter((o): o is Extract<PublishOutcome, { ok: false }> => !o.ok);
      if (failed.length > 0) {
        await manager.query(
          `UPDATE ${this.table} AS o SET attempts = o.attempts + 1, last_error = f.error,
             next_attempt_at = now() + f.retry_ms * interval '1 millisecond'
           FROM unnest($1::varchar[], $2::text[], $3::bigint[]) AS f(id, error, retry_ms)
           WHERE o.id = f.id`,
          [failed.map((f) => f.id), failed.map((f) => f.error), failed.map((f) => f.retryInMs)],
        );
      }
      return rows.length;
    });
  }

  async pruneInbox(olderThanMs: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM ${this.inbox} WHERE processed_at < now() - $1 * interval '1 millisecond'`,
      [olderThanMs],
    );
    return count;
  }
}

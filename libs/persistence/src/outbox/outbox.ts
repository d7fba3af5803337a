import type { EntityManager } from 'typeorm';
import type { EventOf, Subject } from '@detainer-watch/contracts';
import { quoteIdent } from '../sql';

export interface OutboxEntry<S extends Subject = Subject> {
  subject: S;
  event: EventOf<S>;
}

/**
 * Writes outgoing events into the service's outbox table inside the caller's transaction, so the state change and
 * the promise to publish commit together. `OutboxRelay` publishes them afterwards.
 */
export class Outbox {
  private readonly table: string;

  constructor(readonly schema: string) {
    this.table = `${quoteIdent(schema)}.outbox`;
  }

  /** Returns false when an event with this id is already waiting in the outbox (the same input processed twice). */
  async enqueue<S extends Subject>(manager: EntityManager, subject: S, event: EventOf<S>): Promise<boolean> {
    return (await this.enqueueAll(manager, [{ subject, event }])) === 1;
  }

  /** One round trip for many events; returns how many were not already waiting in the outbox. */
  async enqueueAll(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<number> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        `Outbox(${this.schema}).enqueue was called outside a transaction: pass the EntityManager of the ` +
          'transaction that changes the state (dataSource.transaction or Inbox.processOnce), otherwise a crash ' +
          'could publish an event for a change that never committed, or commit a change whose event is lost',
      );
    }
    if (entries.length === 0) return 0;
    // json[], like the column: a jsonb cast would parse every envelope into binary and print it back to text.
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${this.table} (id, subject, envelope, report_id)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::json[], $4::varchar[])
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        entries.map((e) => e.event.id),
        entries.map((e) => e.subject),
        entries.map((e) => JSON.stringify(e.event)),
        entries.map((e) => e.event.reportid ?? null),
      ],
    );
    // The table's statement trigger (outboxFastPathMigration) signals the relay; the signal is delivered at commit,
    // and not at all on rollback.
    return inserted.length;
  }
}

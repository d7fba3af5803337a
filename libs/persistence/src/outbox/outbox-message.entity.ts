import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One event waiting to be published. Written by `Outbox`, read and deleted once published by `OutboxRelay`. */
@Entity({ name: 'outbox' })
export class OutboxMessage {
  /** The CloudEvents id: deterministic, so enqueueing the same fact twice is a no-op. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'json' })
  envelope!: unknown;

  @Column({ name: 'report_id', type: 'varchar', length: 200, nullable: true })
  reportId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** When the relay may try again after a failure (backoff). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  nextAttemptAt!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Proof that `consumer` has committed the effects of event `eventId`; a redelivery finds it and does nothing. */
@Entity({ name: 'inbox' })
export class InboxRecord {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 200 })
  eventId!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type {
  ExtractionWarning,
  ReportExtract,
  ReportRejectedV1,
  ReportSourceKind,
} from '@detainer-watch/contracts';
import type { z } from 'zod';

export type ReportStatus = 'extracted' | 'rejected';
export type RejectionReason = ReportRejectedV1['reason'];

/** One row per report (sha256 of its bytes): what the extractor concluded, with the extract when it has one. */
@Entity({ name: 'reports' })
@Index('reports_recent_idx', ['extractedAt', 'reportId'])
export class ReportRecord {
  @PrimaryColumn({ name: 'report_id', type: 'varchar', length: 64 })
  reportId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ReportStatus;

  /** Set when rejected. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: RejectionReason | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'page_count', type: 'integer', nullable: true })
  pageCount!: number | null;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ name: 'period_start', type: 'date', nullable: true })
  periodStart!: string | null;

  @Column({ name: 'period_end', type: 'date', nullable: true })
  periodEnd!: string | null;

  /** The national total printed in Section I; null when the report does not print it. */
  @Column({ name: 'detainers_issued', type: 'integer', nullable: true })
  detainersIssued!: number | null;

  /** Rows per section; null when nothing was extracted (rejected before reading). */
  @Column({ name: 'highest_volume_count', type: 'integer', nullable: true })
  highestVolumeCount!: number | null;

  @Column({ name: 'declined_count', type: 'integer', nullable: true })
  declinedCount!: number | null;

  @Column({ name: 'policy_count', type: 'integer', nullable: true })
  policyCount!: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  warnings!: ExtractionWarning[];

  /** The whole ReportExtract; kept for a report rejected only because its event would be too large. */
  @Column({ type: 'jsonb', nullable: true })
  extract!: ReportExtract | null;

  @Column({ name: 'source_id', type: 'varchar', length: 200 })
  sourceId!: string;

  @Column({ name: 'source_kind', type: 'varchar', length: 16 })
  sourceKind!: z.infer<typeof ReportSourceKind>;

  @Column({ name: 'source_url', type: 'text', nullable: true })
  sourceUrl!: string | null;

  @Column({ name: 'object_key', type: 'varchar', length: 512 })
  objectKey!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  supersedes!: string | null;

  /** The report.fetched event this row was made from. */
  @Column({ name: 'fetched_event_id', type: 'varchar', length: 200 })
  fetchedEventId!: string;

  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt!: Date;

  /** When the extractor finished with the report, whatever the outcome. */
  @Column({ name: 'extracted_at', type: 'timestamptz' })
  extractedAt!: Date;
}

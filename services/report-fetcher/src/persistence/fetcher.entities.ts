import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** pg returns bigint as a string; report sizes stay far below 2^53, so a number is exact. */
const bigintAsNumber: ValueTransformer = {
  to: (v: number | null) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** One stored report: the metadata of `report.fetched`. The bytes are in the object store under `objectKey`. */
@Entity({ name: 'reports' })
@Index('reports_fetched_at_idx', ['fetchedAt', 'reportId'])
export class ReportEntity {
  /** sha256 of the bytes, lower-case hex. */
  @PrimaryColumn({ name: 'report_id', type: 'varchar', length: 64 })
  reportId!: string;

  @Column({ name: 'object_key', type: 'varchar', length: 200 })
  objectKey!: string;

  @Column({ name: 'source_id', type: 'varchar', length: 63 })
  sourceId!: string;

  @Column({ name: 'source_kind', type: 'varchar', length: 16 })
  sourceKind!: string;

  @Column({ name: 'source_url', type: 'text', nullable: true })
  sourceUrl!: string | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType!: string | null;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: bigintAsNumber })
  sizeBytes!: number;

  @Column({ type: 'text', nullable: true })
  etag!: string | null;

  /** The Last-Modified header exactly as the server sent it. */
  @Column({ name: 'last_modified', type: 'text', nullable: true })
  lastModified!: string | null;

  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt!: Date;

  /** The report these bytes correct (an earlier download of the same URL), or null. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  supersedes!: string | null;
}

/** What was last downloaded from one PDF URL, for conditional GETs and to recognise corrections. */
@Entity({ name: 'url_states' })
export class UrlStateEntity {
  @PrimaryColumn({ type: 'text' })
  url!: string;

  @Column({ name: 'source_id', type: 'varchar', length: 63 })
  sourceId!: string;

  @Column({ type: 'text', nullable: true })
  etag!: string | null;

  @Column({ name: 'last_modified', type: 'text', nullable: true })
  lastModified!: string | null;

  @Column({ name: 'report_id', type: 'varchar', length: 64 })
  reportId!: string;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt!: Date;
}

/** Health of one configured source. */
@Entity({ name: 'source_states' })
export class SourceStateEntity {
  @PrimaryColumn({ name: 'source_id', type: 'varchar', length: 63 })
  sourceId!: string;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures!: number;

  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  /** Whether `report.fetch_failed` {status: 'failing'} was enqueued for the current run of failures. */
  @Column({ name: 'failing_reported', type: 'boolean', default: false })
  failingReported!: boolean;
}

export const fetcherEntities = [ReportEntity, UrlStateEntity, SourceStateEntity];

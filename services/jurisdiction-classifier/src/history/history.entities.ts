import type { CategoryMatch, PolicyRow, ResolutionCandidate } from '@detainer-watch/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/* The classifier's history tables; see migrations/1720000000000 for what each holds. */

@Entity({ name: 'classified_report' })
export class ClassifiedReportRow {
  @PrimaryColumn({ name: 'report_id', type: 'char', length: 64 })
  reportId!: string;

  @Column({ name: 'period_start', type: 'date', nullable: true })
  periodStart!: string | null;

  @Column({ name: 'period_end', type: 'date', nullable: true })
  periodEnd!: string | null;

  @Column({ name: 'source_url', type: 'text', nullable: true })
  sourceUrl!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  supersedes!: string | null;

  @Column({ name: 'previous_report_id', type: 'char', length: 64, nullable: true })
  previousReportId!: string | null;

  @Column({ name: 'jurisdiction_count', type: 'integer' })
  jurisdictionCount!: number;

  @Column({ name: 'unresolved_count', type: 'integer' })
  unresolvedCount!: number;

  @Column({ name: 'extracted_at', type: 'timestamptz' })
  extractedAt!: Date;

  @Column({ name: 'classified_at', type: 'timestamptz', default: () => 'now()' })
  classifiedAt!: Date;
}

@Entity({ name: 'jurisdiction' })
export class JurisdictionRow {
  @PrimaryColumn({ name: 'entity_id', type: 'varchar', length: 200 })
  entityId!: string;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  type!: string;

  @Column({ type: 'char', length: 2 })
  state!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  fips!: string | null;

  @Column({ name: 'parent_id', type: 'varchar', length: 200, nullable: true })
  parentId!: string | null;

  @Column({ name: 'first_seen_report_id', type: 'char', length: 64 })
  firstSeenReportId!: string;

  @Column({ name: 'first_seen_period_end', type: 'date', nullable: true })
  firstSeenPeriodEnd!: string | null;

  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' })
  firstSeenAt!: Date;
}

@Entity({ name: 'appearance' })
export class AppearanceRow {
  @PrimaryColumn({ name: 'report_id', type: 'char', length: 64 })
  reportId!: string;

  @PrimaryColumn({ name: 'entity_id', type: 'varchar', length: 200 })
  entityId!: string;

  @Column({ name: 'event_id', type: 'varchar', length: 200 })
  eventId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'real' })
  confidence!: number;

  @Column({ name: 'raw_names', type: 'jsonb' })
  rawNames!: string[];

  @Column({ name: 'declined_count', type: 'integer' })
  declinedCount!: number;

  @Column({ name: 'highest_volume_count', type: 'integer', nullable: true })
  highestVolumeCount!: number | null;

  @Column({ name: 'policy_listed', type: 'boolean' })
  policyListed!: boolean;

  /** Every Section III row listed for the jurisdiction, in report order; empty when not listed. */
  @Column({ type: 'jsonb' })
  policies!: PolicyRow[];

  @Column({ type: 'jsonb' })
  categories!: CategoryMatch[];

  @Column({ name: 'is_new', type: 'boolean' })
  isNew!: boolean;

  @Column({ name: 'previous_report_id', type: 'char', length: 64, nullable: true })
  previousReportId!: string | null;
}

@Entity({ name: 'dropped_jurisdiction' })
export class DroppedJurisdictionRow {
  @PrimaryColumn({ name: 'report_id', type: 'char', length: 64 })
  reportId!: string;

  @PrimaryColumn({ name: 'entity_id', type: 'varchar', length: 200 })
  entityId!: string;

  @Column({ name: 'previous_report_id', type: 'char', length: 64 })
  previousReportId!: string;
}

@Entity({ name: 'unresolved_name' })
export class UnresolvedNameRow {
  @PrimaryColumn({ name: 'report_id', type: 'char', length: 64 })
  reportId!: string;

  @PrimaryColumn({ type: 'integer' })
  ordinal!: number;

  @Column({ type: 'text' })
  raw!: string;

  @Column({ type: 'varchar', length: 3 })
  section!: string;

  @Column({ type: 'char', length: 2, nullable: true })
  state!: string | null;

  @Column({ type: 'text', nullable: true })
  facility!: string | null;

  @Column({ name: 'row_indexes', type: 'jsonb' })
  rowIndexes!: number[];

  @Column({ type: 'jsonb' })
  candidates!: ResolutionCandidate[];

  @Column({ type: 'text' })
  reason!: string;
}

export const historyEntities = [
  ClassifiedReportRow,
  JurisdictionRow,
  AppearanceRow,
  DroppedJurisdictionRow,
  UnresolvedNameRow,
];

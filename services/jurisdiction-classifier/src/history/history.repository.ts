import type {
  JurisdictionClassification,
  JurisdictionEntity,
  ResolutionCandidate,
} from '@detainer-watch/contracts';
import type { UnresolvedName } from '@detainer-watch/report-analysis';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AppearanceRow,
  ClassifiedReportRow,
  DroppedJurisdictionRow,
  JurisdictionRow,
  UnresolvedNameRow,
} from './history.entities';

export interface ReportToRecord {
  reportId: string;
  periodStart: string | null;
  periodEnd: string | null;
  sourceUrl: string | null;
  supersedes: string | null;
  previousReportId: string | null;
  extractedAt: string;
}

export interface PreviousReport {
  reportId: string;
  entityIds: ReadonlySet<string>;
}

export interface Appearance {
  reportId: string;
  periodStart: string | null;
  periodEnd: string | null;
  superseded: boolean;
  position: number;
  confidence: number;
  rawNames: string[];
  declinedCount: number;
  highestVolumeCount: number | null;
  policyListed: boolean;
  /** Every Section III row listed for the jurisdiction in that report, in report order. */
  policies: AppearanceRow['policies'];
  categories: AppearanceRow['categories'];
  isNew: boolean;
  previousReportId: string | null;
  eventId: string;
}

export interface ListedJurisdiction {
  entity: JurisdictionEntity;
  firstSeen: { reportId: string; periodEnd: string | null; at: string };
}

export interface StoredUnresolvedName {
  raw: string;
  section: string;
  state: string | null;
  facility: string | null;
  rows: number[];
  candidates: ResolutionCandidate[];
  reason: string;
}

export interface ReportSummary {
  reportId: string;
  period: { start: string | null; end: string | null };
  sourceUrl: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  previousReportId: string | null;
  jurisdictionCount: number;
  unresolvedCount: number;
  classifiedAt: string;
}

/** What the classifier remembers of every report: which jurisdictions it listed, how, and what it left out. */
export interface HistoryRepository {
  /**
   * The report a new one is compared with. "Previous" is the classified report with the latest period end before
   * this report's period end (ties: later period start, then later classification), leaving out this report, the
   * report it supersedes, and every report superseded by another (a correction stands in for its original). When
   * the report prints no period end, the latest classified report by the same order.
   */
  findPrevious(report: {
    reportId: string;
    supersedes: string | null;
    periodEnd: string | null;
  }): Promise<PreviousReport | null>;
  /** Inside the inbox transaction. False when the report was already classified (another event for the same bytes). */
  recordReport(
    manager: EntityManager,
    report: ReportToRecord,
    counts: { jurisdictions: number; unresolved: number },
  ): Promise<boolean>;
  recordAppearances(
    manager: EntityManager,
    report: ReportToRecord,
    jurisdictions: readonly (JurisdictionClassification & { eventId: string })[],
  ): Promise<void>;
  recordDropped(
    manager: EntityManager,
    reportId: string,
    previousReportId: string,
    entityIds: readonly string[],
  ): Promise<void>;
  recordUnresolved(manager: EntityManager, reportId: string, names: readonly UnresolvedName[]): Promise<void>;

  listJurisdictions(opts: {
    state?: string;
    limit: number;
    offset: number;
  }): Promise<{ jurisdiction: ListedJurisdiction; latest: Appearance | null }[]>;
  jurisdiction(entityId: string): Promise<ListedJurisdiction | null>;
  appearancesOf(entityId: string): Promise<Appearance[]>;
  droppedFrom(
    entityId: string,
  ): Promise<{ reportId: string; periodEnd: string | null; previousReportId: string }[]>;
  report(reportId: string): Promise<ReportSummary | null>;
  reportJurisdictions(reportId: string): Promise<{ entity: JurisdictionEntity; appearance: Appearance }[]>;
  reportUnresolved(reportId: string): Promise<StoredUnresolvedName[]>;
  reportDropped(reportId: string): Promise<JurisdictionEntity[]>;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

const entityOf = (r: JurisdictionRow): JurisdictionEntity => ({
  id: r.entityId,
  name: r.name,
  type: r.type as JurisdictionEntity['type'],
  state: r.state,
  fips: r.fips,
  parentId: r.parentId,
});

const listedOf = (r: JurisdictionRow): ListedJurisdiction => ({
  entity: entityOf(r),
  firstSeen: { reportId: r.firstSeenReportId, periodEnd: r.firstSeenPeriodEnd, at: iso(r.firstSeenAt) },
});

interface AppearanceJoin {
  report_id: string;
  period_start: string | null;
  period_end: string | null;
  superseded: boolean;
  position: number;
  confidence: number;
  raw_names: string[];
  declined_count: number;
  highest_volume_count: number | null;
  policy_listed: boolean;
  policies: AppearanceRow['policies'];
  categories: AppearanceRow['categories'];
  is_new: boolean;
  previous_report_id: string | null;
  event_id: string;
}

// Raw queries cast dates to text: pg would otherwise turn them into local-midnight Date objects.
const APPEARANCE_COLUMNS = `
  a.report_id, r.period_start::text AS period_start, r.period_end::text AS period_end,
  EXISTS (SELECT 1 FROM classified_report s WHERE s.supersedes = a.report_id) AS superseded,
  a.position, a.confidence, a.raw_names, a.declined_count, a.highest_volume_count, a.policy_listed, a.policies,
  a.categories, a.is_new, a.previous_report_id, a.event_id`;

const appearanceOf = (r: AppearanceJoin): Appearance => ({
  reportId: r.report_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  superseded: r.superseded,
  position: r.position,
  confidence: r.confidence,
  rawNames: r.raw_names,
  declinedCount: r.declined_count,
  highestVolumeCount: r.highest_volume_count,
  policyListed: r.policy_listed,
  policies: r.policies,
  categories: r.categories,
  isNew: r.is_new,
  previousReportId: r.previous_report_id,
  eventId: r.event_id,
});

/** The series order, latest first: period end, then period start, then classification time. */
const seriesOrder = (r: string): string =>
  `${r}.period_end DESC NULLS LAST, ${r}.period_start DESC NULLS LAST, ${r}.classified_at DESC, ${r}.report_id DESC`;

export class TypeOrmHistoryRepository implements HistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findPrevious(report: {
    reportId: string;
    supersedes: string | null;
    periodEnd: string | null;
  }): Promise<PreviousReport | null> {
    const rows: { report_id: string }[] = await this.dataSource.query(
      `SELECT r.report_id FROM classified_report r
       WHERE r.report_id <> $1
         AND ($2::char(64) IS NULL OR r.report_id <> $2)
         AND NOT EXISTS (SELECT 1 FROM classified_report s WHERE s.supersedes = r.report_id)
         AND ($3::date IS NULL OR r.period_end < $3::date)
       ORDER BY ${seriesOrder('r')} LIMIT 1`,
      [report.reportId, report.supersedes, report.periodEnd],
    );
    if (rows.length === 0) return null;
    const previousId = rows[0].report_id;
    const ids: { entity_id: string }[] = await this.dataSource.query(
      'SELECT entity_id FROM appearance WHERE report_id = $1',
      [previousId],
    );
    return { reportId: previousId, entityIds: new Set(ids.map((r) => r.entity_id)) };
  }

  async recordReport(
    manager: EntityManager,
    report: ReportToRecord,
    counts: { jurisdictions: number; unresolved: number },
  ): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO classified_report (report_id, period_start, period_end, source_url, supersedes,
         previous_report_id, jurisdiction_count, unresolved_count, extracted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (report_id) DO NOTHING RETURNING report_id`,
      [
        report.reportId,
        report.periodStart,
        report.periodEnd,
        report.sourceUrl,
        report.supersedes,
        report.previousReportId,
        counts.jurisdictions,
        counts.unresolved,
        report.extractedAt,
      ],
    );
    return inserted.length === 1;
  }

  async recordAppearances(
    manager: EntityManager,
    report: ReportToRecord,
    jurisdictions: readonly (JurisdictionClassification & { eventId: string })[],
  ): Promise<void> {
    if (jurisdictions.length === 0) return;
    const entities = jurisdictions.map((j) => j.entity);
    // First seen = the listed report with the earliest period end, even when reports arrive out of order.
    await manager.query(
      `INSERT INTO jurisdiction (entity_id, name, type, state, fips, parent_id, first_seen_report_id, first_seen_period_end)
       SELECT *, $7::char(64), $8::date FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::char(2)[],
         $5::varchar[], $6::varchar[])
       ON CONFLICT (entity_id) DO UPDATE SET
         name = EXCLUDED.name, type = EXCLUDED.type, state = EXCLUDED.state, fips = EXCLUDED.fips,
         parent_id = EXCLUDED.parent_id,
         first_seen_report_id = CASE WHEN EXCLUDED.first_seen_period_end < jurisdiction.first_seen_period_end
           THEN EXCLUDED.first_seen_report_id ELSE jurisdiction.first_seen_report_id END,
         first_seen_period_end = CASE WHEN EXCLUDED.first_seen_period_end < jurisdiction.first_seen_period_end
           THEN EXCLUDED.first_seen_period_end ELSE jurisdiction.first_seen_period_end END,
         first_seen_at = CASE WHEN EXCLUDED.first_seen_period_end < jurisdiction.first_seen_period_end
           THEN now() ELSE jurisdiction.first_seen_at END`,
      [
        entities.map((e) => e.id),
        entities.map((e) => e.name),
        entities.map((e) => e.type),
        entities.map((e) => e.state),
        entities.map((e) => e.fips),
        entities.map((e) => e.parentId),
        report.reportId,
        report.periodEnd,
      ],
    );
    await manager.insert(
      AppearanceRow,
      jurisdictions.map((j): AppearanceRow => ({
        reportId: report.reportId,
        entityId: j.entity.id,
        eventId: j.eventId,
        position: j.position.index,
        confidence: j.confidence,
        rawNames: j.rawNames,
        declinedCount: j.declinedCount,
        highestVolumeCount: j.highestVolumeCount,
        policyListed: j.policies.length > 0,
        policies: j.policies,
        categories: j.categories,
        isNew: j.isNew,
        previousReportId: j.previousReportId,
      })),
    );
  }

  async recordDropped(
    manager: EntityManager,
    reportId: string,
    previousReportId: string,
    entityIds: readonly string[],
  ): Promise<void> {
    if (entityIds.length === 0) return;
    await manager.insert(
      DroppedJurisdictionRow,
      entityIds.map((entityId) => ({ reportId, entityId, previousReportId })),
    );
  }

  async recordUnresolved(
    manager: EntityManager,
    reportId: string,
    names: readonly UnresolvedName[],
  ): Promise<void> {
    if (names.length === 0) return;
    await manager.insert(
      UnresolvedNameRow,
      names.map((n, ordinal): UnresolvedNameRow => ({
        reportId,
        ordinal,
        raw: n.raw,
        section: n.section,
        state: n.state,
        facility: n.facility,
        rowIndexes: n.rows,
        candidates: n.candidates,
        reason: n.reason,
      })),
    );
  }

  async listJurisdictions(opts: {
    state?: string;
    limit: number;
    offset: number;
  }): Promise<{ jurisdiction: ListedJurisdiction; latest: Appearance | null }[]> {
    const jurisdictions = await this.dataSource.getRepository(JurisdictionRow).find({
      where: opts.state ? { state: opts.state } : {},
      order: { state: 'ASC', name: 'ASC', entityId: 'ASC' },
      take: opts.limit,
      skip: opts.offset,
    });
    if (jurisdictions.length === 0) return [];
    // The latest appearance in a report that no correction replaced.
    const latest: (AppearanceJoin & { entity_id: string })[] = await this.dataSource.query(
      `SELECT DISTINCT ON (a.entity_id) a.entity_id, ${APPEARANCE_COLUMNS}
       FROM appearance a JOIN classified_report r ON r.report_id = a.report_id
       WHERE a.entity_id = ANY($1::varchar[])
         AND NOT EXISTS (SELECT 1 FROM classified_report s WHERE s.supersedes = a.report_id)
       ORDER BY a.entity_id, ${seriesOrder('r')}`,
      [jurisdictions.map((j) => j.entityId)],
    );
    const byId = new Map(latest.map((l) => [l.entity_id, appearanceOf(l)]));
    return jurisdictions.map((j) => ({ jurisdiction: listedOf(j), latest: byId.get(j.entityId) ?? null }));
  }

  async jurisdiction(entityId: string): Promise<ListedJurisdiction | null> {
    const row = await this.dataSource.getRepository(JurisdictionRow).findOneBy({ entityId });
    return row ? listedOf(row) : null;
  }

  async appearancesOf(entityId: string): Promise<Appearance[]> {
    const rows: AppearanceJoin[] = await this.dataSource.query(
      `SELECT ${APPEARANCE_COLUMNS} FROM appearance a JOIN classified_report r ON r.report_id = a.report_id
       WHERE a.entity_id = $1 ORDER BY ${seriesOrder('r')}`,
      [entityId],
    );
    return rows.map(appearanceOf);
  }

  async droppedFrom(
    entityId: string,
  ): Promise<{ reportId: string; periodEnd: string | null; previousReportId: string }[]> {
    const rows: { report_id: string; period_end: string | null; previous_report_id: string }[] =
      await this.dataSource.query(
        `SELECT d.report_id, r.period_end::text AS period_end, d.previous_report_id
         FROM dropped_jurisdiction d JOIN classified_report r ON r.report_id = d.report_id
         WHERE d.entity_id = $1 ORDER BY ${seriesOrder('r')}`,
        [entityId],
      );
    return rows.map((r) => ({
      reportId: r.report_id,
      periodEnd: r.period_end,
      previousReportId: r.previous_report_id,
    }));
  }

  async report(reportId: string): Promise<ReportSummary | null> {
    const row = await this.dataSource.getRepository(ClassifiedReportRow).findOneBy({ reportId });
    if (!row) return null;
    const by = await this.dataSource.getRepository(ClassifiedReportRow).findOne({
      where: { supersedes: reportId },
      order: { classifiedAt: 'DESC' },
    });
    return {
      reportId: row.reportId,
      period: { start: row.periodStart, end: row.periodEnd },
      sourceUrl: row.sourceUrl,
      supersedes: row.supersedes,
      supersededBy: by?.reportId ?? null,
      previousReportId: row.previousReportId,
      jurisdictionCount: row.jurisdictionCount,
      unresolvedCount: row.unresolvedCount,
      classifiedAt: iso(row.classifiedAt),
    };
  }

  async reportJurisdictions(
    reportId: string,
  ): Promise<{ entity: JurisdictionEntity; appearance: Appearance }[]> {
    const rows: (AppearanceJoin & {
      entity_id: string;
      name: string;
      type: string;
      state: string;
      fips: string | null;
      parent_id: string | null;
    })[] = await this.dataSource.query(
      `SELECT ${APPEARANCE_COLUMNS}, j.entity_id, j.name, j.type, j.state, j.fips, j.parent_id
       FROM appearance a JOIN classified_report r ON r.report_id = a.report_id
       JOIN jurisdiction j ON j.entity_id = a.entity_id
       WHERE a.report_id = $1 ORDER BY a.position`,
      [reportId],
    );
    return rows.map((r) => ({
      entity: {
        id: r.entity_id,
        name: r.name,
        type: r.type as JurisdictionEntity['type'],
        state: r.state,
        fips: r.fips,
        parentId: r.parent_id,
      },
      appearance: appearanceOf(r),
    }));
  }

  async reportUnresolved(reportId: string): Promise<StoredUnresolvedName[]> {
    const rows = await this.dataSource
      .getRepository(UnresolvedNameRow)
      .find({ where: { reportId }, order: { ordinal: 'ASC' } });
    return rows.map((r) => ({
      raw: r.raw,
      section: r.section,
      state: r.state,
      facility: r.facility,
      rows: r.rowIndexes,
      candidates: r.candidates,
      reason: r.reason,
    }));
  }

  async reportDropped(reportId: string): Promise<JurisdictionEntity[]> {
    const rows: JurisdictionRow[] = await this.dataSource
      .getRepository(JurisdictionRow)
      .createQueryBuilder('j')
      .innerJoin(DroppedJurisdictionRow, 'd', 'd.entity_id = j.entity_id')
      .where('d.report_id = :reportId', { reportId })
      .orderBy('j.state')
      .addOrderBy('j.name')
      .getMany();
    return rows.map(entityOf);
  }
}

import type { DataSource, EntityManager } from 'typeorm';
import type { GrantExposureEstimatedV1 } from '@detainer-watch/contracts';
import { quoteIdent, schemaOf } from '@detainer-watch/persistence';
import { returnedRows } from './sql-rows';

/** How far a report's estimates have arrived. `completedAt` is set once, by the estimate that completed it. */
export interface ReportProgress {
  reportId: string;
  total: number;
  received: number;
  completedAt: Date | null;
}

/**
 * The grant.exposure.estimated events of each report, kept until the report is complete (every position
 * 0..total-1 present), since an alert lists all of a report's jurisdictions a watch covers in one email.
 */
export class PgReportEstimatesStore {
  private readonly reports: string;
  private readonly estimates: string;

  constructor(private readonly dataSource: DataSource) {
    const schema = quoteIdent(schemaOf(dataSource));
    this.reports = `${schema}.reports`;
    this.estimates = `${schema}.report_estimates`;
  }

  /**
   * Stores one estimate inside the caller's transaction (the inbox's) and returns the report's progress, in one
   * statement (one round trip per estimate). The report row is locked by the upsert, so concurrent estimates of one
   * report count correctly and exactly one of them sets `completedAt`; a second copy of an estimate inserts nothing
   * and counts 0. (The foreign key of the estimate is checked at the end of the statement, after the upsert.)
   */
  async add(manager: EntityManager, eventId: string, e: GrantExposureEstimatedV1): Promise<ReportProgress> {
    const c = e.classification;
    const reportId = c.report.reportId;
    const rows = returnedRows<{ total: number; received: number; completed_at: Date | null }>(
      await manager.query(
        `WITH stored AS (
           INSERT INTO ${this.estimates} (report_id, entity_id, position_index, position_total, event_id, estimate)
           VALUES ($1, $3, $4, $2, $5, $6) ON CONFLICT (report_id, entity_id) DO NOTHING RETURNING 1
         )
         INSERT INTO ${this.reports} AS r (report_id, total, received, completed_at)
         SELECT $1, $2, n, CASE WHEN n >= $2 THEN clock_timestamp() END
         FROM (SELECT count(*)::int AS n FROM stored) AS added
         ON CONFLICT (report_id) DO UPDATE SET
           received = r.received + excluded.received,
           completed_at = CASE WHEN r.completed_at IS NULL AND r.received + excluded.received >= r.total
                               THEN clock_timestamp() ELSE r.completed_at END
         RETURNING total, received, completed_at`,
        [reportId, c.position.total, c.entity.id, c.position.index, eventId, JSON.stringify(e)],
      ),
    );
    const r = rows[0]!;
    return { reportId, total: r.total, received: r.received, completedAt: r.completed_at };
  }

  async progress(reportId: string): Promise<ReportProgress | null> {
    const rows: { total: number; received: number; completed_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT total, received, completed_at FROM ${this.reports} WHERE report_id = $1`,
        [reportId],
      );
    const r = rows[0];
    return r ? { reportId, total: r.total, received: r.received, completedAt: r.completed_at } : null;
  }

  /** Every stored estimate of a report, in report order. */
  async estimatesOf(reportId: string): Promise<GrantExposureEstimatedV1[]> {
    const rows: { estimate: GrantExposureEstimatedV1 }[] = await this.dataSource.query(
      `SELECT estimate FROM ${this.estimates} WHERE report_id = $1 ORDER BY position_index`,
      [reportId],
    );
    return rows.map((r) => r.estimate);
  }
}

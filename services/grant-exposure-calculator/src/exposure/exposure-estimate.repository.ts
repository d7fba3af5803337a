import type { DataSource, EntityManager } from 'typeorm';
import type { Exposure, JurisdictionEntity, TotalStatus } from '@detainer-watch/contracts';

export interface StoredEstimate {
  reportId: string;
  jurisdictionId: string;
  eventId: string;
  entity: JurisdictionEntity;
  declinedCount: number;
  policyListed: boolean;
  exposure: Exposure;
  estimatedAt: string;
}

export interface ExposureEstimateRepository {
  /** Inside the inbox transaction; the first estimate of a (report, jurisdiction) is kept. */
  save(manager: EntityManager, estimate: Omit<StoredEstimate, 'estimatedAt'>): Promise<void>;
  /** A report's estimates, the largest amount at risk first, unknown totals last. */
  listForReport(reportId: string): Promise<StoredEstimate[]>;
}

interface DbEstimate {
  report_id: string;
  jurisdiction_id: string;
  event_id: string;
  entity: JurisdictionEntity;
  declined_count: number;
  policy_listed: boolean;
  exposure: Exposure;
  estimated_at: Date;
  total_status: TotalStatus;
}

export class PgExposureEstimateRepository implements ExposureEstimateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async save(manager: EntityManager, e: Omit<StoredEstimate, 'estimatedAt'>): Promise<void> {
    await manager.query(
      `INSERT INTO exposure_estimates (report_id, jurisdiction_id, event_id, entity, declined_count, policy_listed,
         programs, fiscal_years, total_cents, total_status, exposure)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (report_id, jurisdiction_id) DO NOTHING`,
      [
        e.reportId,
        e.jurisdictionId,
        e.eventId,
        JSON.stringify(e.entity),
        e.declinedCount,
        e.policyListed,
        e.exposure.programs,
        e.exposure.fiscalYears,
        e.exposure.totalCents,
        e.exposure.totalStatus,
        JSON.stringify(e.exposure),
      ],
    );
  }

  async listForReport(reportId: string): Promise<StoredEstimate[]> {
    const rows: DbEstimate[] = await this.dataSource.query(
      `SELECT * FROM exposure_estimates WHERE report_id = $1
       ORDER BY total_cents DESC NULLS LAST, jurisdiction_id`,
      [reportId],
    );
    return rows.map((r) => ({
      reportId: r.report_id,
      jurisdictionId: r.jurisdiction_id,
      eventId: r.event_id,
      entity: r.entity,
      declinedCount: r.declined_count,
      policyListed: r.policy_listed,
      exposure: r.exposure,
      estimatedAt: r.estimated_at.toISOString(),
    }));
  }
}

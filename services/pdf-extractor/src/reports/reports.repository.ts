import type { DataSource, EntityManager } from 'typeorm';
import { ReportRecord, type ReportStatus } from './report.entity';

/** Everything about a report except the (possibly large) extract. */
export type ReportSummary = Omit<ReportRecord, 'extract'>;

export interface ReportPage {
  items: ReportSummary[];
  total: number;
}

export interface ReportsRepository {
  /** Inserts in the caller's transaction; false when the report was already recorded (nothing is changed). */
  insertIfNew(manager: EntityManager, record: ReportRecord): Promise<boolean>;
  has(reportId: string): Promise<boolean>;
  findSummary(reportId: string): Promise<ReportSummary | null>;
  findWithExtract(reportId: string): Promise<ReportRecord | null>;
  /** Most recently processed first. */
  list(page: { limit: number; offset: number; status?: ReportStatus }): Promise<ReportPage>;
}

export class TypeOrmReportsRepository implements ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertIfNew(manager: EntityManager, record: ReportRecord): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(ReportRecord)
      .values(record)
      .orIgnore()
      .returning('report_id')
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  async has(reportId: string): Promise<boolean> {
    return this.dataSource.getRepository(ReportRecord).existsBy({ reportId });
  }

  async findSummary(reportId: string): Promise<ReportSummary | null> {
    return this.summaries().where('r.report_id = :reportId', { reportId }).getOne();
  }

  async findWithExtract(reportId: string): Promise<ReportRecord | null> {
    return this.dataSource.getRepository(ReportRecord).findOneBy({ reportId });
  }

  async list(page: { limit: number; offset: number; status?: ReportStatus }): Promise<ReportPage> {
    const q = this.summaries()
      .orderBy('r.extracted_at', 'DESC')
      .addOrderBy('r.report_id', 'DESC')
      .limit(page.limit)
      .offset(page.offset);
    if (page.status) q.where('r.status = :status', { status: page.status });
    const [items, total] = await q.getManyAndCount();
    return { items, total };
  }

  private summaries() {
    const meta = this.dataSource.getMetadata(ReportRecord);
    const columns = meta.columns
      .filter((c) => c.propertyName !== 'extract')
      .map((c) => `r.${c.propertyName}`);
    return this.dataSource.getRepository(ReportRecord).createQueryBuilder('r').select(columns);
  }
}

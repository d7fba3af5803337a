import type { DataSource } from 'typeorm';
import type { ImportResult, RowError, SkippedRows } from '@detainer-watch/grant-exposure';
import type { ListedUnresolvedRecipient } from '../resolution/classifier-recipient-resolver';

export interface ImportRunStart {
  file: string;
  format: string;
  fiscalYear: number | null;
}

export interface ImportRunOutcome extends Omit<ImportResult, 'unresolved'> {
  /** every recipient the classifier did not resolve, with why (no match, or not reachable: retried later) */
  unresolved: ListedUnresolvedRecipient[];
}

export interface ImportRun extends ImportRunStart {
  id: number;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  records: number;
  rows: number;
  inserted: number;
  alreadyPresent: number;
  errorCount: number;
  errors: RowError[];
  skipped: SkippedRows[];
  unresolved: ListedUnresolvedRecipient[];
  failure: string | null;
}

export interface ImportRunRepository {
  start(run: ImportRunStart): Promise<number>;
  succeed(id: number, outcome: ImportRunOutcome): Promise<void>;
  fail(id: number, failure: string): Promise<void>;
  find(id: number): Promise<ImportRun | null>;
  list(limit: number): Promise<ImportRun[]>;
}

interface DbRun {
  id: string;
  file: string;
  format: string;
  fiscal_year: number | null;
  status: ImportRun['status'];
  started_at: Date;
  finished_at: Date | null;
  records: number;
  rows: number;
  inserted: number;
  already_present: number;
  error_count: number;
  errors: RowError[];
  skipped: SkippedRows[];
  unresolved: ListedUnresolvedRecipient[];
  failure: string | null;
}

const toRun = (r: DbRun): ImportRun => ({
  id: Number(r.id),
  file: r.file,
  format: r.format,
  fiscalYear: r.fiscal_year,
  status: r.status,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  records: r.records,
  rows: r.rows,
  inserted: r.inserted,
  alreadyPresent: r.already_present,
  errorCount: r.error_count,
  errors: r.errors,
  skipped: r.skipped,
  unresolved: r.unresolved,
  failure: r.failure,
});

export class PgImportRunRepository implements ImportRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  async start(run: ImportRunStart): Promise<number> {
    const [{ id }]: { id: string }[] = await this.dataSource.query(
      'INSERT INTO import_runs (file, format, fiscal_year) VALUES ($1, $2, $3) RETURNING id',
      [run.file, run.format, run.fiscalYear],
    );
    return Number(id);
  }

  async succeed(id: number, o: ImportRunOutcome): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_runs SET status = 'succeeded', finished_at = now(), records = $2, rows = $3, inserted = $4,
         already_present = $5, error_count = $6, errors = $7, skipped = $8, unresolved = $9
       WHERE id = $1`,
      [
        id,
        o.records,
        o.rows,
        o.inserted,
        o.alreadyPresent,
        o.errorCount,
        JSON.stringify(o.errors),
        JSON.stringify(o.skipped),
        JSON.stringify(o.unresolved),
      ],
    );
  }

  async fail(id: number, failure: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_runs SET status = 'failed', finished_at = now(), failure = $2 WHERE id = $1`,
      [id, failure],
    );
  }

  async find(id: number): Promise<ImportRun | null> {
    const rows: DbRun[] = await this.dataSource.query('SELECT * FROM import_runs WHERE id = $1', [id]);
    return rows.length === 0 ? null : toRun(rows[0]);
  }

  async list(limit: number): Promise<ImportRun[]> {
    const rows: DbRun[] = await this.dataSource.query('SELECT * FROM import_runs ORDER BY id DESC LIMIT $1', [
      limit,
    ]);
    return rows.map(toRun);
  }
}

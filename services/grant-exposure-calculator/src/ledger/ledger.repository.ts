import type { DataSource } from 'typeorm';
import type { GrantProgram } from '@detainer-watch/contracts';
import {
  citationOf,
  type LedgerRow,
  type LedgerSink,
  type LedgerWriteResult,
  type RecipientType,
  type ResolvedRecipient,
} from '@detainer-watch/grant-exposure';

/**
 * Where a row's recipient stands: `resolved`; `unresolved` (the classifier found no single jurisdiction);
 * `pending` (the classifier could not be asked; retried later); `not_attributable` (aggregates and joint
 * allocations, which belong to no one jurisdiction).
 */
export type Resolution = 'resolved' | 'unresolved' | 'pending' | 'not_attributable';

export interface RecipientKey {
  recipient: string;
  state: string;
  recipientType: RecipientType;
}

export interface StoredLedgerRow extends LedgerRow {
  resolution: Resolution;
  importRunId: number | null;
  createdAt: string;
  citation: string;
}

export interface UnresolvedRecipientRows extends RecipientKey {
  resolution: 'unresolved' | 'pending';
  rows: number;
  amountCents: number;
  programs: GrantProgram[];
  fiscalYears: number[];
  /** a few of the rows, to expand with GET /ledger/rows/:id */
  sampleRowIds: string[];
}

export interface LedgerQuery {
  jurisdictionIds: readonly string[];
  programs: readonly GrantProgram[];
  fiscalYears: readonly number[];
}

export interface SinkOptions {
  importRunId: number | null;
  /** How the sink records each row's recipient (rows whose recipient the classifier could not be asked about are pending). */
  resolutionOf(row: LedgerRow): Resolution;
}

export interface LedgerRepository {
  sink(options: SinkOptions): LedgerSink;
  /** Rows an estimate can use: attributed, one fiscal year, one recipient. */
  rowsFor(query: LedgerQuery): Promise<LedgerRow[]>;
  findById(id: string): Promise<StoredLedgerRow | null>;
  listUnresolved(): Promise<UnresolvedRecipientRows[]>;
  pendingRecipients(limit: number): Promise<RecipientKey[]>;
  /** Records the classifier's answer for every pending row of these recipients; returns rows changed. */
  attribute(answers: readonly { key: RecipientKey; match: ResolvedRecipient | null }[]): Promise<number>;
  countPending(): Promise<number>;
  /** How many of these ids are stored. */
  countStored(ids: readonly string[]): Promise<number>;
}

const COLUMNS = [
  'id',
  'program',
  'cfda',
  'fiscal_year',
  'fiscal_year_text',
  'recipient',
  'recipient_type',
  'state',
  'scope',
  'measure',
  'jurisdiction_id',
  'fips',
  'amount_cents',
  'amount_status',
  'award_id',
  'source_kind',
  'source_file',
  'source_line',
  'source_url',
  'source_title',
  'source_note',
  'resolution',
  'import_run_id',
] as const;
const TYPES = [
  'text',
  'text',
  'text',
  'int4',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'int8',
  'text',
  'text',
  'text',
  'text',
  'int4',
  'text',
  'text',
  'text',
  'text',
  'int8',
];

// One array parameter per column: a batch of thousands of rows is one statement with 23 parameters, and rows
// already stored (a re-import) are left as they are.
const INSERT_SQL = `INSERT INTO ledger_rows (${COLUMNS.join(', ')})
  SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
  ON CONFLICT (id) DO NOTHING`;

interface DbRow {
  id: string;
  program: GrantProgram;
  cfda: string;
  fiscal_year: number | null;
  fiscal_year_text: string;
  recipient: string;
  recipient_type: RecipientType;
  state: string;
  scope: LedgerRow['scope'];
  measure: LedgerRow['measure'];
  jurisdiction_id: string | null;
  fips: string | null;
  amount_cents: string;
  amount_status: LedgerRow['amountStatus'];
  award_id: string | null;
  source_kind: LedgerRow['source']['kind'];
  source_file: string | null;
  source_line: number | null;
  source_url: string | null;
  source_title: string;
  source_note: string | null;
  resolution: Resolution;
  import_run_id: string | null;
  created_at: Date;
}

function toLedgerRow(r: DbRow): LedgerRow {
  return {
    id: r.id,
    program: r.program,
    cfda: r.cfda,
    fiscalYear: r.fiscal_year,
    fiscalYearText: r.fiscal_year_text,
    recipient: r.recipient,
    recipientType: r.recipient_type,
    state: r.state,
    scope: r.scope,
    measure: r.measure,
    jurisdictionId: r.jurisdiction_id,
    fips: r.fips,
    amountCents: Number(r.amount_cents),
    amountStatus: r.amount_status,
    awardId: r.award_id,
    source: {
      kind: r.source_kind,
      file: r.source_file,
      line: r.source_line,
      url: r.source_url,
      title: r.source_title,
      note: r.source_note,
    },
  };
}

/** Rows an INSERT or UPDATE changed (DataSource.query does not return the count of an INSERT). */
async function affectedRows(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<number> {
  const runner = dataSource.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return result.affected ?? 0;
  } finally {
    await runner.release();
  }
}

class PgLedgerSink implements LedgerSink {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: SinkOptions,
  ) {}

  async write(rows: readonly LedgerRow[]): Promise<LedgerWriteResult> {
    if (rows.length === 0) return { inserted: 0, alreadyPresent: 0 };
    const columns: unknown[][] = COLUMNS.map(() => new Array<unknown>(rows.length));
    rows.forEach((row, i) => {
      const values = [
        row.id,
        row.program,
        row.cfda,
        row.fiscalYear,
        row.fiscalYearText,
        row.recipient,
        row.recipientType,
        row.state,
        row.scope,
        row.measure,
        row.jurisdictionId,
        row.fips,
        row.amountCents,
        row.amountStatus,
        row.awardId,
        row.source.kind,
        row.source.file,
        row.source.line,
        row.source.url,
        row.source.title,
        row.source.note,
        this.options.resolutionOf(row),
        this.options.importRunId,
      ];
      for (let c = 0; c < values.length; c += 1) columns[c][i] = values[c];
    });
    const inserted = await affectedRows(this.dataSource, INSERT_SQL, columns);
    return { inserted, alreadyPresent: rows.length - inserted };
  }
}

export class PgLedgerRepository implements LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  sink(options: SinkOptions): LedgerSink {
    return new PgLedgerSink(this.dataSource, options);
  }

  async rowsFor(query: LedgerQuery): Promise<LedgerRow[]> {
    if (query.jurisdictionIds.length === 0 || query.programs.length === 0 || query.fiscalYears.length === 0)
      return [];
    const rows: DbRow[] = await this.dataSource.query(
      `SELECT * FROM ledger_rows
       WHERE jurisdiction_id = ANY($1::text[]) AND program = ANY($2::text[]) AND fiscal_year = ANY($3::int4[])
         AND scope = 'recipient'
       ORDER BY source_line NULLS LAST, id`,
      [query.jurisdictionIds, query.programs, query.fiscalYears],
    );
    return rows.map(toLedgerRow);
  }

  async findById(id: string): Promise<StoredLedgerRow | null> {
    const rows: DbRow[] = await this.dataSource.query('SELECT * FROM ledger_rows WHERE id = $1', [id]);
    if (rows.length === 0) return null;
    const row = toLedgerRow(rows[0]);
    return {
      ...row,
      resolution: rows[0].resolution,
      importRunId: rows[0].import_run_id === null ? null : Number(rows[0].import_run_id),
      createdAt: rows[0].created_at.toISOString(),
      citation: citationOf(row.source),
    };
  }

  async listUnresolved(): Promise<UnresolvedRecipientRows[]> {
    const rows: {
      recipient: string;
      state: string;
      recipient_type: RecipientType;
      resolution: 'unresolved' | 'pending';
      rows: number;
      amount_cents: string;
      programs: GrantProgram[];
      fiscal_years: (number | null)[];
      sample_row_ids: string[];
    }[] = await this.dataSource.query(
      `SELECT recipient, state, recipient_type, resolution, count(*)::int AS rows,
              sum(amount_cents)::text AS amount_cents,
              array_agg(DISTINCT program ORDER BY program) AS programs,
              array_agg(DISTINCT fiscal_year ORDER BY fiscal_year) AS fiscal_years,
              (array_agg(id ORDER BY id))[1:5] AS sample_row_ids
       FROM ledger_rows WHERE resolution IN ('unresolved', 'pending')
       GROUP BY recipient, state, recipient_type, resolution
       ORDER BY state, recipient, recipient_type`,
    );
    return rows.map((r) => ({
      recipient: r.recipient,
      state: r.state,
      recipientType: r.recipient_type,
      resolution: r.resolution,
      rows: r.rows,
      amountCents: Number(r.amount_cents),
      programs: r.programs,
      fiscalYears: r.fiscal_years.filter((y): y is number => y !== null),
      sampleRowIds: r.sample_row_ids.map((id) => id.trim()),
    }));
  }

  async pendingRecipients(limit: number): Promise<RecipientKey[]> {
    const rows: { recipient: string; state: string; recipient_type: RecipientType }[] =
      await this.dataSource.query(
        `SELECT DISTINCT recipient, state, recipient_type FROM ledger_rows WHERE resolution = 'pending'
         ORDER BY state, recipient, recipient_type LIMIT $1`,
        [limit],
      );
    return rows.map((r) => ({ recipient: r.recipient, state: r.state, recipientType: r.recipient_type }));
  }

  async attribute(
    answers: readonly { key: RecipientKey; match: ResolvedRecipient | null }[],
  ): Promise<number> {
    if (answers.length === 0) return 0;
    return affectedRows(
      this.dataSource,
      `UPDATE ledger_rows AS l
       SET jurisdiction_id = a.jurisdiction_id, fips = a.fips,
           resolution = CASE WHEN a.jurisdiction_id IS NULL THEN 'unresolved' ELSE 'resolved' END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         AS a (recipient, state, recipient_type, jurisdiction_id, fips)
       WHERE l.resolution = 'pending' AND l.recipient = a.recipient AND l.state = a.state
         AND l.recipient_type = a.recipient_type`,
      [
        answers.map((a) => a.key.recipient),
        answers.map((a) => a.key.state),
        answers.map((a) => a.key.recipientType),
        answers.map((a) => a.match?.id ?? null),
        answers.map((a) => a.match?.fips ?? null),
      ],
    );
  }

  async countPending(): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ledger_rows WHERE resolution = 'pending'`,
    );
    return n;
  }

  async countStored(ids: readonly string[]): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM ledger_rows WHERE id = ANY($1::text[])',
      [ids],
    );
    return n;
  }
}

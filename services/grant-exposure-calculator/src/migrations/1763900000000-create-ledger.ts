import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The award ledger (one row per award figure, keyed by the importers' deterministic row id so a re-import adds
 * nothing), the import runs, and the estimates made for classified jurisdictions. Unqualified names resolve in the
 * service schema (the data source sets search_path).
 */
export class CreateLedger1763900000000 implements MigrationInterface {
  name = 'CreateLedger1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE import_runs (
        id bigserial PRIMARY KEY,
        file text NOT NULL,
        format text NOT NULL,
        fiscal_year integer,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        records integer NOT NULL DEFAULT 0,
        rows integer NOT NULL DEFAULT 0,
        inserted integer NOT NULL DEFAULT 0,
        already_present integer NOT NULL DEFAULT 0,
        error_count integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        skipped jsonb NOT NULL DEFAULT '[]',
        unresolved jsonb NOT NULL DEFAULT '[]',
        failure text
      )`);
    // resolution: resolved; unresolved (the classifier found no single match); pending (the classifier could not be
    // asked: retried later); not_attributable (aggregates and joint allocations belong to no one jurisdiction).
    await runner.query(`
      CREATE TABLE ledger_rows (
        id char(32) PRIMARY KEY,
        program text NOT NULL,
        cfda text NOT NULL,
        fiscal_year integer,
        fiscal_year_text text NOT NULL,
        recipient text NOT NULL,
        recipient_type text NOT NULL,
        state char(2) NOT NULL,
        scope text NOT NULL,
        measure text NOT NULL,
        jurisdiction_id text,
        fips text,
        amount_cents bigint NOT NULL,
        amount_status text NOT NULL,
        award_id text,
        source_kind text NOT NULL,
        source_file text,
        source_line integer,
        source_url text,
        source_title text NOT NULL,
        source_note text,
        resolution text NOT NULL
          CHECK (resolution IN ('resolved', 'unresolved', 'pending', 'not_attributable')),
        import_run_id bigint REFERENCES import_runs (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // What an estimate reads: one jurisdiction's attributed rows by program and year.
    await runner.query(
      `CREATE INDEX ledger_rows_estimate_idx ON ledger_rows (jurisdiction_id, program, fiscal_year)
       WHERE jurisdiction_id IS NOT NULL`,
    );
    await runner.query(
      `CREATE INDEX ledger_rows_unresolved_idx ON ledger_rows (resolution, state, recipient_type, recipient)
       WHERE resolution IN ('unresolved', 'pending')`,
    );
    await runner.query(`
      CREATE TABLE exposure_estimates (
        report_id char(64) NOT NULL,
        jurisdiction_id text NOT NULL,
        event_id text NOT NULL,
        entity jsonb NOT NULL,
        declined_count integer NOT NULL,
        policy_listed boolean NOT NULL,
        programs text[] NOT NULL,
        fiscal_years integer[] NOT NULL,
        total_cents bigint,
        total_status text NOT NULL,
        exposure jsonb NOT NULL,
        estimated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, jurisdiction_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE exposure_estimates');
    await runner.query('DROP TABLE ledger_rows');
    await runner.query('DROP TABLE import_runs');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Unqualified names: the service DataSource pins search_path to the service schema (DATABASE_SCHEMA), so these
 * tables land there, next to the platform outbox and inbox.
 */
export class CreateFetcherTables1732400000000 implements MigrationInterface {
  name = 'CreateFetcherTables1732400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE reports (
        report_id varchar(64) PRIMARY KEY CHECK (report_id ~ '^[0-9a-f]{64}$'),
        object_key varchar(200) NOT NULL,
        source_id varchar(63) NOT NULL,
        source_kind varchar(16) NOT NULL CHECK (source_kind IN ('index', 'url', 'inbox', 'upload')),
        source_url text,
        file_name text,
        content_type text,
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        etag text,
        last_modified text,
        fetched_at timestamptz NOT NULL,
        supersedes varchar(64)
      )`);
    // GET /reports pages newest first by (fetched_at, report_id).
    await runner.query(`CREATE INDEX reports_fetched_at_idx ON reports (fetched_at, report_id)`);
    await runner.query(`
      CREATE TABLE url_states (
        url text PRIMARY KEY,
        source_id varchar(63) NOT NULL,
        etag text,
        last_modified text,
        report_id varchar(64) NOT NULL,
        checked_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE source_states (
        source_id varchar(63) PRIMARY KEY,
        last_checked_at timestamptz,
        last_success_at timestamptz,
        last_error text,
        last_error_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        failing_since timestamptz,
        failing_reported boolean NOT NULL DEFAULT false
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE source_states');
    await runner.query('DROP TABLE url_states');
    await runner.query('DROP TABLE reports');
  }
}

export const fetcherMigrations = [CreateFetcherTables1732400000000];

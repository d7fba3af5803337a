import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The extractor's one table. Unqualified: the service DataSource's search_path is the service schema. */
export class CreateReports1764000000000 implements MigrationInterface {
  name = 'CreateReports1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE reports (
        report_id varchar(64) PRIMARY KEY CHECK (report_id ~ '^[0-9a-f]{64}$'),
        status varchar(16) NOT NULL CHECK (status IN ('extracted', 'rejected')),
        reason varchar(32) CHECK (reason IN ('encrypted', 'not_a_ddor', 'no_text_layer', 'corrupt',
                                             'too_many_pages', 'empty', 'too_large')),
        message text,
        page_count integer,
        title text,
        period_start date,
        period_end date,
        detainers_issued integer,
        highest_volume_count integer,
        declined_count integer,
        policy_count integer,
        warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
        extract jsonb,
        source_id varchar(200) NOT NULL,
        source_kind varchar(16) NOT NULL,
        source_url text,
        object_key varchar(512) NOT NULL,
        size_bytes integer NOT NULL,
        supersedes varchar(64),
        fetched_event_id varchar(200) NOT NULL,
        fetched_at timestamptz NOT NULL,
        extracted_at timestamptz NOT NULL,
        CONSTRAINT reports_outcome_chk CHECK (
          (status = 'extracted' AND reason IS NULL AND extract IS NOT NULL) OR
          (status = 'rejected' AND reason IS NOT NULL AND message IS NOT NULL)
        )
      )`);
    await runner.query('CREATE INDEX reports_recent_idx ON reports (extracted_at, report_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE reports');
  }
}

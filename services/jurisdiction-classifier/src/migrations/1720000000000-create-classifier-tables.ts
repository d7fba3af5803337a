import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The classifier's own tables. Unqualified names: the service DataSource's search_path is its schema.
 * - facility_alias: aliases ops added through the API (the shipped TRAC aliases stay in the data file).
 * - classified_report: one row per classified report, with the report it was compared with.
 * - jurisdiction: every entity ever listed, with the report in which it was first seen (earliest period).
 * - appearance: what one report says about one jurisdiction (the history).
 * - dropped_jurisdiction: listed in the previous report of the series, absent from this one.
 * - unresolved_name: names of a report that designate no single jurisdiction, with their candidates.
 */
export class CreateClassifierTables1720000000000 implements MigrationInterface {
  name = 'CreateClassifierTables1720000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE facility_alias (
        id bigserial PRIMARY KEY,
        state char(2) NOT NULL,
        alias varchar(300) NOT NULL,
        alias_key varchar(300) NOT NULL,
        entity_id varchar(200) NOT NULL,
        source varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT facility_alias_state_key_uq UNIQUE (state, alias_key)
      )`);
    await q.query(`
      CREATE TABLE classified_report (
        report_id char(64) PRIMARY KEY,
        period_start date,
        period_end date,
        source_url text,
        supersedes char(64),
        previous_report_id char(64),
        jurisdiction_count integer NOT NULL,
        unresolved_count integer NOT NULL,
        extracted_at timestamptz NOT NULL,
        classified_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX classified_report_supersedes_idx ON classified_report (supersedes)`);
    await q.query(
      `CREATE INDEX classified_report_period_idx ON classified_report (period_end, period_start)`,
    );
    await q.query(`
      CREATE TABLE jurisdiction (
        entity_id varchar(200) PRIMARY KEY,
        name varchar(300) NOT NULL,
        type varchar(20) NOT NULL,
        state char(2) NOT NULL,
        fips varchar(10),
        parent_id varchar(200),
        first_seen_report_id char(64) NOT NULL,
        first_seen_period_end date,
        first_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX jurisdiction_state_idx ON jurisdiction (state)`);
    await q.query(`
      CREATE TABLE appearance (
        report_id char(64) NOT NULL REFERENCES classified_report (report_id),
        entity_id varchar(200) NOT NULL REFERENCES jurisdiction (entity_id),
        event_id varchar(200) NOT NULL,
        position integer NOT NULL,
        confidence real NOT NULL,
        raw_names jsonb NOT NULL,
        declined_count integer NOT NULL,
        highest_volume_count integer,
        policy_listed boolean NOT NULL,
        policies jsonb NOT NULL,
        categories jsonb NOT NULL,
        is_new boolean NOT NULL,
        previous_report_id char(64),
        PRIMARY KEY (report_id, entity_id)
      )`);
    await q.query(`CREATE INDEX appearance_entity_idx ON appearance (entity_id)`);
    await q.query(`
      CREATE TABLE dropped_jurisdiction (
        report_id char(64) NOT NULL REFERENCES classified_report (report_id),
        entity_id varchar(200) NOT NULL REFERENCES jurisdiction (entity_id),
        previous_report_id char(64) NOT NULL,
        PRIMARY KEY (report_id, entity_id)
      )`);
    await q.query(`CREATE INDEX dropped_jurisdiction_entity_idx ON dropped_jurisdiction (entity_id)`);
    await q.query(`
      CREATE TABLE unresolved_name (
        report_id char(64) NOT NULL REFERENCES classified_report (report_id),
        ordinal integer NOT NULL,
        raw text NOT NULL,
        section varchar(3) NOT NULL,
        state char(2),
        facility text,
        row_indexes jsonb NOT NULL,
        candidates jsonb NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (report_id, ordinal)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'unresolved_name',
      'dropped_jurisdiction',
      'appearance',
      'jurisdiction',
      'classified_report',
      'facility_alias',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}

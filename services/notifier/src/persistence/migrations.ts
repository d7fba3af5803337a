import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from '@detainer-watch/persistence';

/** Table names are qualified with the data source's schema, so the SQL never depends on the search_path. */
function qualify(runner: QueryRunner): (table: string) => string {
  const schema = (runner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('notifier migrations need a DataSource created with a schema option');
  return (table) => `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

export class CreateNotifierTables1732400000000 implements MigrationInterface {
  name = 'CreateNotifierTables1732400000000';

  async up(runner: QueryRunner): Promise<void> {
    const t = qualify(runner);
    // watch_keys: the match keys of the watched jurisdiction (see matching/containment.ts), so the candidates for a
    // report are one indexed `&&` (array overlap) lookup instead of a scan of every watch.
    await runner.query(`
      CREATE TABLE ${t('watches')} (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        jurisdiction jsonb NOT NULL,
        watch_keys text[] NOT NULL,
        include_children boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('pending_confirmation', 'confirmed', 'unsubscribed')),
        confirm_token text NOT NULL,
        unsubscribe_token text NOT NULL,
        created_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        unsubscribed_at timestamptz,
        confirmation_status text NOT NULL DEFAULT 'pending'
          CHECK (confirmation_status IN ('not_needed', 'pending', 'sent', 'failed')),
        confirmation_attempts integer NOT NULL DEFAULT 0,
        confirmation_next_at timestamptz DEFAULT now(),
        confirmation_error text
      )`);
    // fastupdate off: new entries go straight into the index instead of a pending list that every search scans in
    // full (with hundreds of keys per report search, a few thousand pending watches cost hundreds of ms). Watches
    // are written rarely and searched per report, so slower inserts are the right trade.
    await runner.query(
      `CREATE INDEX watches_keys_gin ON ${t('watches')} USING gin (watch_keys) WITH (fastupdate = off)
       WHERE status = 'confirmed'`,
    );
    await runner.query(`CREATE INDEX watches_created_idx ON ${t('watches')} (created_at, id)`);
    await runner.query(
      `CREATE INDEX watches_confirmation_due_idx ON ${t('watches')} (confirmation_next_at)
       WHERE confirmation_status = 'pending'`,
    );

    // A new row is due for its confirmation email at once: should the process stop between storing the watch and
    // sending, the retry sweep sends it (rows that need none are excluded by their status).
    // One row per (watch, report): the claim, the outcome, and when a temporary failure is due again.
    await runner.query(`
      CREATE TABLE ${t('deliveries')} (
        delivery_id varchar(64) PRIMARY KEY,
        watch_id uuid NOT NULL,
        report_id varchar(200) NOT NULL,
        jurisdiction_ids text[] NOT NULL,
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed_temporary', 'failed_permanent')),
        attempts integer NOT NULL DEFAULT 0,
        failed_runs integer NOT NULL DEFAULT 0,
        smtp_code integer,
        reason text,
        message_id text,
        claimed_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        next_attempt_at timestamptz,
        UNIQUE (watch_id, report_id)
      )`);
    await runner.query(
      `CREATE INDEX deliveries_due_idx ON ${t('deliveries')} (next_attempt_at)
       WHERE status IN ('sending', 'failed_temporary')`,
    );

    // The estimates of a report collect here until every position has arrived; then the alerts go out.
    await runner.query(`
      CREATE TABLE ${t('reports')} (
        report_id varchar(200) PRIMARY KEY,
        total integer NOT NULL,
        received integer NOT NULL,
        first_received_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE ${t('report_estimates')} (
        report_id varchar(200) NOT NULL REFERENCES ${t('reports')} (report_id),
        entity_id varchar(200) NOT NULL,
        position_index integer NOT NULL,
        position_total integer NOT NULL,
        event_id varchar(200) NOT NULL,
        estimate jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, entity_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const t = qualify(runner);
    for (const table of ['report_estimates', 'reports', 'deliveries', 'watches']) {
      await runner.query(`DROP TABLE ${t(table)}`);
    }
  }
}

export const notifierMigrations = [CreateNotifierTables1732400000000];

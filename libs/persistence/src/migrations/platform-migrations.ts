import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from '../sql';

export type MigrationClass = new () => MigrationInterface;

/*
 * The outbox and inbox tables every service has in its own schema. They are class factories because TypeORM
 * migrations are classes and the schema differs per service. The timestamps are older than any service migration
 * so these run first.
 */

export function createOutboxMigration(schema: string): MigrationClass {
  const table = `${quoteIdent(schema)}.outbox`;
  return class CreateOutbox1700000000000 implements MigrationInterface {
    name = 'CreateOutbox1700000000000';

    async up(runner: QueryRunner): Promise<void> {
      // created_at uses clock_timestamp() so rows enqueued in one transaction keep their insertion order.
      await runner.query(`
        CREATE TABLE ${table} (
          id varchar(200) PRIMARY KEY,
          subject varchar(200) NOT NULL,
          envelope jsonb NOT NULL,
          report_id varchar(200),
          created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
          published_at timestamptz,
          attempts integer NOT NULL DEFAULT 0,
          last_error text,
          next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp()
        )`);
      // The relay scans only unpublished rows; the pruner only published ones.
      await runner.query(
        `CREATE INDEX outbox_pending_idx ON ${table} (created_at, id) WHERE published_at IS NULL`,
      );
      await runner.query(
        `CREATE INDEX outbox_published_idx ON ${table} (published_at) WHERE published_at IS NOT NULL`,
      );
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${table}`);
    }
  };
}

export function createInboxMigration(schema: string): MigrationClass {
  const table = `${quoteIdent(schema)}.inbox`;
  return class CreateInbox1700000000001 implements MigrationInterface {
    name = 'CreateInbox1700000000001';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE ${table} (
          consumer varchar(200) NOT NULL,
          event_id varchar(200) NOT NULL,
          processed_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        )`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${table}`);
    }
  };
}

/** The relay deletes old inbox records by processed_at; without an index each pass would read the whole table. */
export function indexInboxMigration(schema: string): MigrationClass {
  const table = `${quoteIdent(schema)}.inbox`;
  return class IndexInboxProcessedAt1700000000002 implements MigrationInterface {
    name = 'IndexInboxProcessedAt1700000000002';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE INDEX inbox_processed_at_idx ON ${table} (processed_at)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP INDEX ${quoteIdent(schema)}.inbox_processed_at_idx`);
    }
  };
}

/** The platform migrations for a schema; `createServiceDataSource` adds them to every service's list. */
export function platformMigrations(schema: string): MigrationClass[] {
  return [createOutboxMigration(schema), createInboxMigration(schema), indexInboxMigration(schema)];
}

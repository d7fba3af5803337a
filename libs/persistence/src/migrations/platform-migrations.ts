import type { MigrationInterface, QueryRunner } from 'typeorm';
import { escapeLiteral } from 'pg';
import { outboxChannel, quoteIdent } from '../sql';

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

/**
 * Per-event costs off the outbox's hot path. A published row is deleted (the relay used to mark it published and
 * prune it days later, which wrote every envelope to the WAL a second time), so the table holds only rows still to
 * publish. The envelope becomes `json`: Postgres keeps the text as written and hands it back as is, where `jsonb`
 * converted it to a binary form and back although nothing queries inside it. And the relay's wake-up NOTIFY comes
 * from a statement trigger instead of a second query after every enqueue. (An enqueue whose rows were all there
 * already still signals; the relay then finds nothing due, which is harmless.)
 */
export function outboxFastPathMigration(schema: string): MigrationClass {
  const s = quoteIdent(schema);
  const table = `${s}.outbox`;
  const fn = `${s}.outbox_notify`;
  return class OutboxFastPath1700000000003 implements MigrationInterface {
    name = 'OutboxFastPath1700000000003';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`DELETE FROM ${table} WHERE published_at IS NOT NULL`);
      await runner.query(`DROP INDEX ${s}.outbox_published_idx, ${s}.outbox_pending_idx`);
      await runner.query(`ALTER TABLE ${table} DROP COLUMN published_at`);
      await runner.query(`CREATE INDEX outbox_due_idx ON ${table} (created_at, id)`);
      await runner.query(`ALTER TABLE ${table} ALTER COLUMN envelope TYPE json USING envelope::json`);
      await runner.query(`
        CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify(${escapeLiteral(outboxChannel(schema))}, '');
          RETURN NULL;
        END $$`);
      await runner.query(
        `CREATE TRIGGER outbox_notify AFTER INSERT ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TRIGGER outbox_notify ON ${table}`);
      await runner.query(`DROP FUNCTION ${fn}()`);
      await runner.query(`ALTER TABLE ${table} ALTER COLUMN envelope TYPE jsonb USING envelope::jsonb`);
      await runner.query(`DROP INDEX ${s}.outbox_due_idx`);
      await runner.query(`ALTER TABLE ${table} ADD COLUMN published_at timestamptz`);
      await runner.query(
        `CREATE INDEX outbox_pending_idx ON ${table} (created_at, id) WHERE published_at IS NULL`,
      );
      await runner.query(
        `CREATE INDEX outbox_published_idx ON ${table} (published_at) WHERE published_at IS NOT NULL`,
      );
    }
  };
}

/** The platform migrations for a schema; `createServiceDataSource` adds them to every service's list. */
export function platformMigrations(schema: string): MigrationClass[] {
  return [
    createOutboxMigration(schema),
    createInboxMigration(schema),
    indexInboxMigration(schema),
    outboxFastPathMigration(schema),
  ];
}

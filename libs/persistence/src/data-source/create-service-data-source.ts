import { DataSource, MixedList } from 'typeorm';
import type { Logger } from '@detainer-watch/logging';
import { InboxRecord } from '../inbox/inbox-record.entity';
import { MigrationClass, platformMigrations } from '../migrations/platform-migrations';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { quoteIdent } from '../sql';
import { guardedClientClass } from './guarded-client';
import { PinoTypeOrmLogger } from './typeorm-logger';

export interface ServiceDataSourceOptions {
  /** postgres:// URL (DATABASE_URL). */
  url: string;
  /** The schema this service owns (DATABASE_SCHEMA); created when missing. */
  schema: string;
  /** The service's own entities; the outbox and inbox entities are added. */
  entities?: MixedList<Function>; // eslint-disable-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  /** The service's own migrations; the outbox and inbox migrations are added and run first. */
  migrations?: MigrationClass[];
  logger: Logger;
  /** Builds tables from entities instead of migrations. Tests only: refused unless NODE_ENV=test. */
  synchronize?: boolean;
  /** Connections in the pool (default 10); the outbox relay holds one more for LISTEN. */
  poolSize?: number;
  /** Defaults to process.env.NODE_ENV; injectable so the refusal is testable. */
  nodeEnv?: string;
}

/**
 * A TypeORM DataSource confined to one service schema: unqualified SQL resolves there (search_path), entities
 * and the migrations table live there, and migrations (platform ones first) have run before it is returned.
 */
export async function createServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  const nodeEnv = options.nodeEnv ?? process.env.NODE_ENV;
  if (options.synchronize && nodeEnv !== 'test') {
    throw new Error(
      `createServiceDataSource(${options.schema}): synchronize=true is refused because NODE_ENV is ` +
        `${nodeEnv === undefined ? 'unset' : `"${nodeEnv}"`}, not "test"; it can drop columns and data. ` +
        'Write a migration instead.',
    );
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [...toArray(options.entities), OutboxMessage, InboxRecord],
    migrations: [...platformMigrations(options.schema), ...(options.migrations ?? [])],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Schema creation and migrations run below under an advisory lock, so replicas starting together do not race.
    migrationsRun: false,
    synchronize: false,
    poolSize: options.poolSize ?? 10,
    extra: {
      options: `-c search_path=${quoteIdent(options.schema)}`,
      Client: guardedClientClass(options.logger.child({ component: 'pg' })),
    },
    logger: new PinoTypeOrmLogger(options.logger.child({ component: 'typeorm' })),
    logging: ['error', 'warn', 'migration'],
    maxQueryExecutionTime: 2000,
  });
  await dataSource.initialize();
  try {
    await migrate(dataSource, options);
  } catch (err) {
    await dataSource.destroy();
    throw new Error(`migrating schema "${options.schema}" failed: ${(err as Error).message}`, { cause: err });
  }
  return dataSource;
}

async function migrate(dataSource: DataSource, options: ServiceDataSourceOptions): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const lockKey = `detainer-watch:migrate:${options.schema}`;
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    // Look before creating: a per-service role may own its schema yet lack CREATE on the database, and
    // CREATE SCHEMA IF NOT EXISTS checks that privilege even when the schema exists.
    const found: unknown[] = await runner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      options.schema,
    ]);
    if (found.length === 0) await runner.query(`CREATE SCHEMA ${quoteIdent(options.schema)}`);
    if (options.synchronize) await dataSource.synchronize();
    else await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}

function toArray<T>(list: MixedList<T> | undefined): T[] {
  if (!list) return [];
  return Array.isArray(list) ? list : Object.values(list);
}

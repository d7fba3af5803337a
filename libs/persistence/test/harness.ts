import pino from 'pino';
import type { DataSource } from 'typeorm';
import { dropTestSchema, startTestInfra, uniqueRunId, type TestInfra } from '@detainer-watch/testing';
import { createServiceDataSource } from '../src';
import { CreateWidgets1760000000000 } from './fixtures/widget-migration';

export const quietLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'error' });

/** One run's Postgres schema, the DataSources opened on it, and how to remove them. */
export interface DbHarness {
  infra: TestInfra;
  runId: string;
  schema: string;
  dataSource(): Promise<DataSource>;
  close(): Promise<void>;
}

export async function startDbHarness(): Promise<DbHarness> {
  const infra = await startTestInfra();
  const runId = uniqueRunId();
  const schema = `persistence_${runId}`;
  const dataSources: DataSource[] = [];
  return {
    infra,
    runId,
    schema,
    async dataSource() {
      const ds = await createServiceDataSource({
        url: infra.databaseUrl,
        schema,
        migrations: [CreateWidgets1760000000000],
        logger: quietLogger,
      });
      dataSources.push(ds);
      return ds;
    },
    async close() {
      await Promise.allSettled(dataSources.filter((d) => d.isInitialized).map((d) => d.destroy()));
      await dropTestSchema(infra.databaseUrl, schema);
      await infra.stop();
    },
  };
}

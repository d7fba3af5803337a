import type { BootstrapOptions } from '@detainer-watch/service-kit';
import { configSchema } from './config';
import { SERVICE_NAME } from './checking/source-health';
import { fetcherEntities } from './persistence/fetcher.entities';
import { fetcherMigrations } from './persistence/migrations/1732400000000-create-fetcher-tables';
import { ReportFetcherModule } from './report-fetcher.module';

/** What bootstrapService needs to run the report-fetcher, alone (main.ts) or embedded with the other services. */
export const reportFetcherService = {
  name: SERVICE_NAME,
  appModule: ReportFetcherModule,
  configSchema,
  entities: fetcherEntities,
  migrations: fetcherMigrations,
} satisfies BootstrapOptions<typeof configSchema>;

import type { BootstrapOptions } from '@detainer-watch/service-kit';
import { configSchema, SERVICE_NAME } from './config';
import { JurisdictionClassifierModule } from './jurisdiction-classifier.module';
import { classifierEntities, classifierMigrations } from './schema';

/**
 * What bootstrapService needs to run the jurisdiction-classifier, in its own process (main.ts) or embedded with an
 * injected bus and data source: `bootstrapService({ ...jurisdictionClassifierService, mode: 'embedded', ... })`.
 */
export const jurisdictionClassifierService = {
  name: SERVICE_NAME,
  appModule: JurisdictionClassifierModule,
  configSchema,
  entities: classifierEntities,
  migrations: classifierMigrations,
} satisfies BootstrapOptions<typeof configSchema>;

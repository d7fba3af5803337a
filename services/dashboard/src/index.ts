// The dashboard's service definition (main.ts boots it) and the parts its tests reuse.
import { configSchema } from './config';
import { DashboardModule } from './dashboard.module';

/**
 * What bootstrapService needs. The dashboard stores nothing: its schema holds only the platform outbox and inbox
 * tables (service-kit gives every service a data source, and /ready checks it), and its state is the in-memory
 * progress tracker fed by its own durable consumers.
 */
export const dashboard = {
  name: 'dashboard',
  appModule: DashboardModule,
  configSchema,
  entities: [],
  migrations: [],
};

export * from './config';
export * from './dashboard.module';
export * from './progress/progress-tracker';
export * from './upstream/upstream.client';
export * from './views/report-map';
export * from './bff/report-pipeline';

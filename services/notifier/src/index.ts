// The notifier's service definition and the parts other packages (the embedded mode, end-to-end tests) reuse.
import { configSchema } from './config';
import { NotifierModule } from './notifier.module';
import { notifierMigrations } from './persistence/migrations';
import { serveOpenApi } from './api/openapi';

/** What bootstrapService needs to run this service, in its own process or embedded with an injected bus and database. */
export const notifier = {
  name: 'notifier',
  appModule: NotifierModule,
  configSchema,
  entities: [],
  migrations: notifierMigrations,
  configureApp: serveOpenApi,
};

export * from './config';
export { mailConfigFromEnv, type MailConfig } from './config/mail.config';
export { NotifierModule } from './notifier.module';
export { NotifierRuntime, type NotifierRuntimeInput } from './runtime';
export { NOTIFIER_RUNTIME } from './api/tokens';
export { notifierOpenApi } from './api/openapi';
export { EstimateConsumer, estimateConsumerOptions } from './events/estimate.consumer';
export { notifierMigrations } from './persistence/migrations';
export { deliveryIdFor, alertEventId } from './usecases/send-report-alerts';
export { ESTIMATE_CONSUMER } from './usecases/receive-estimate';

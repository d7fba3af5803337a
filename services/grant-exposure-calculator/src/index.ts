import { configSchema } from './config';
import { GrantExposureModule } from './grant-exposure.module';
import { migrations } from './migrations';
import { SERVICE_NAME } from './usecases/estimate-classified-jurisdiction/estimate-classified-jurisdiction';

/** What bootstrapService needs to run this service, in its own process or embedded with an injected bus and database. */
export const grantExposureCalculator = {
  name: SERVICE_NAME,
  appModule: GrantExposureModule,
  configSchema,
  entities: [],
  migrations,
};

export { configSchema, type ServiceConfig } from './config';
export { GrantExposureModule } from './grant-exposure.module';
export { migrations } from './migrations';
export { createComponents, type Components } from './components';
export { runImportAwards, formatImportRun, IMPORT_AWARDS_USAGE } from './import-awards';
export { exposureEventId } from './usecases/estimate-classified-jurisdiction/estimate-classified-jurisdiction';
export { estimatesToCsv, centsToDollars } from './exposure/report-csv';

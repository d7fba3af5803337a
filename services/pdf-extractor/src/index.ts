// The pdf-extractor's service definition and the parts other packages (embedded mode, tests) reuse.
import { configSchema } from './config';
import { CreateReports1764000000000 } from './migrations/1764000000000-create-reports';
import { PdfExtractorModule } from './pdf-extractor.module';
import { ReportRecord } from './reports/report.entity';
import { SERVICE_NAME } from './usecases/extract-report/report-events';

/** What bootstrapService needs to run this service, in its own process or embedded with an injected bus and database. */
export const pdfExtractor = {
  name: SERVICE_NAME,
  appModule: PdfExtractorModule,
  configSchema,
  entities: [ReportRecord],
  migrations: [CreateReports1764000000000],
};

export * from './config';
export * from './tokens';
export * from './pdf-extractor.module';
export * from './reports/report.entity';
export * from './reports/reports.repository';
export * from './migrations/1764000000000-create-reports';
export * from './extraction/report-extractor';
export * from './extraction/inline-extractor';
export * from './extraction/worker-thread-extractor';
export * from './usecases/extract-report/report-events';
export * from './usecases/extract-report/extract-report.usecase';
export * from './consumer/report-fetched.handler';
export * from './http/reports.controller';

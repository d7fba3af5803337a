import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Logger } from '@detainer-watch/logging';
import type { MessageBus } from '@detainer-watch/messaging';
import type { Outbox } from '@detainer-watch/persistence';
import { APP_CONFIG, BUS, DATA_SOURCE, LOGGER, OUTBOX } from '@detainer-watch/service-kit';
import type { ServiceConfig } from './config';
import { applyConsumerSettings, ReportFetchedHandler } from './consumer/report-fetched.handler';
import { InlineExtractor } from './extraction/inline-extractor';
import { WorkerThreadExtractor } from './extraction/worker-thread-extractor';
import { ReportsController } from './http/reports.controller';
import { TypeOrmReportsRepository, type ReportsRepository } from './reports/reports.repository';
import type { ReportExtractor } from './extraction/report-extractor';
import { EXTRACT_REPORT, REPORT_EXTRACTOR, REPORTS_REPOSITORY } from './tokens';
import { ExtractReportUseCase } from './usecases/extract-report/extract-report.usecase';

@Module({
  controllers: [ReportsController, ReportFetchedHandler],
  providers: [
    {
      provide: REPORTS_REPOSITORY,
      inject: [DATA_SOURCE],
      useFactory: (dataSource: DataSource) => new TypeOrmReportsRepository(dataSource),
    },
    {
      // A provider of its own so Nest stops its worker threads on shutdown.
      provide: REPORT_EXTRACTOR,
      inject: [APP_CONFIG],
      useFactory: (config: ServiceConfig): ReportExtractor =>
        config.EXTRACTOR_WORKER_THREADS
          ? new WorkerThreadExtractor({
              timeoutMs: config.EXTRACTOR_TIMEOUT_MS,
              memoryMb: config.EXTRACTOR_WORKER_MEMORY_MB,
              maxWorkers: config.EXTRACTOR_WORKERS,
            })
          : new InlineExtractor(),
    },
    {
      provide: EXTRACT_REPORT,
      inject: [APP_CONFIG, LOGGER, DATA_SOURCE, BUS, OUTBOX, REPORTS_REPOSITORY, REPORT_EXTRACTOR],
      useFactory: (
        config: ServiceConfig,
        logger: Logger,
        dataSource: DataSource,
        bus: MessageBus,
        outbox: Outbox,
        reports: ReportsRepository,
        extractor: ReportExtractor,
      ) => {
        applyConsumerSettings(config);
        return new ExtractReportUseCase({
          dataSource,
          blobs: bus.blobs,
          reports,
          outbox,
          extractor,
          settings: config,
          logger: logger.child({ component: 'extract-report' }),
        });
      },
    },
  ],
})
export class PdfExtractorModule {}

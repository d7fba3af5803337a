import { join } from 'node:path';
import { Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_CONFIG } from '@detainer-watch/service-kit';
import type { ServiceConfig } from './config';
import { EventsController } from './bff/events.controller';
import { JurisdictionsController } from './bff/jurisdictions.controller';
import { ReportPipelineReader } from './bff/report-pipeline';
import { ReportsController } from './bff/reports.controller';
import { WatchesController } from './bff/watches.controller';
import { ProgressConsumer } from './progress/progress.consumer';
import { ProgressTracker } from './progress/progress-tracker';
import { StaticFilesMiddleware } from './static/static-files.middleware';
import { UPSTREAM } from './upstream/tokens';
import { FetchUpstreamClient, type UpstreamClient } from './upstream/upstream.client';

/** dist/public beside the compiled code (dist/) or the sources (src/, under ts-jest or tsx). */
export const DEFAULT_PUBLIC_DIR = join(__dirname, '..', 'dist', 'public');

@Module({
  controllers: [
    ReportsController,
    JurisdictionsController,
    WatchesController,
    EventsController,
    ProgressConsumer,
  ],
  providers: [
    {
      provide: UPSTREAM,
      inject: [APP_CONFIG],
      useFactory: (c: ServiceConfig): UpstreamClient =>
        new FetchUpstreamClient(
          {
            'report-fetcher': c.DASHBOARD_REPORT_FETCHER_URL,
            'pdf-extractor': c.DASHBOARD_PDF_EXTRACTOR_URL,
            'jurisdiction-classifier': c.DASHBOARD_JURISDICTION_CLASSIFIER_URL,
            'grant-exposure': c.DASHBOARD_GRANT_EXPOSURE_URL,
            notifier: c.DASHBOARD_NOTIFIER_URL,
          },
          c.DASHBOARD_UPSTREAM_TIMEOUT_MS,
        ),
    },
    {
      provide: ProgressTracker,
      inject: [APP_CONFIG],
      useFactory: (c: ServiceConfig) => new ProgressTracker(c.DASHBOARD_PROGRESS_REPORTS),
    },
    {
      provide: ReportPipelineReader,
      inject: [UPSTREAM],
      useFactory: (u: UpstreamClient) => new ReportPipelineReader(u),
    },
  ],
})
export class DashboardModule implements NestModule {
  constructor(@Inject(APP_CONFIG) private readonly config: ServiceConfig) {}

  configure(consumer: MiddlewareConsumer) {
    const files = new StaticFilesMiddleware(this.config.DASHBOARD_PUBLIC_DIR ?? DEFAULT_PUBLIC_DIR);
    consumer.apply((req: never, res: never, next: never) => files.use(req, res, next)).forRoutes('{*path}');
  }
}

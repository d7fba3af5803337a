import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@detainer-watch/logging';
import type { MessageBus } from '@detainer-watch/messaging';
import {
  APP_CONFIG,
  BUS,
  DATA_SOURCE,
  LOGGER,
  METRICS,
  type ServiceMetrics,
} from '@detainer-watch/service-kit';
import type { DataSource } from 'typeorm';
import { ReportsController } from './api/reports.controller';
import { SourcesController } from './api/sources.controller';
import { fetcherConfigOf, type ServiceConfig } from './config';
import { FetcherRuntime } from './fetcher.runtime';

/** Starts the scheduler and inbox watchers with the app; stops them (aborting downloads) before it shuts down. */
@Injectable()
class FetcherLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(FetcherRuntime) private readonly runtime: FetcherRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runtime.start();
  }

  // onModuleDestroy runs first in app.close(), before the kit closes the bus and the database pool.
  async onModuleDestroy(): Promise<void> {
    await this.runtime.stop();
  }
}

/** The report-fetcher's Nest module, mounted by service-kit's bootstrapService next to its PlatformModule. */
@Module({
  controllers: [SourcesController, ReportsController],
  providers: [
    {
      provide: FetcherRuntime,
      inject: [APP_CONFIG, DATA_SOURCE, BUS, LOGGER, METRICS],
      useFactory: (
        config: ServiceConfig,
        dataSource: DataSource,
        bus: MessageBus,
        logger: Logger,
        metrics: ServiceMetrics,
      ) =>
        new FetcherRuntime({
          fetcher: fetcherConfigOf(config),
          dataSource,
          blobs: bus.blobs,
          logger,
          metrics,
        }),
    },
    FetcherLifecycle,
  ],
  exports: [FetcherRuntime],
})
export class ReportFetcherModule {}

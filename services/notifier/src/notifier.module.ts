import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
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
import { ApiKeyGuard } from './api/api-key.guard';
import { NOTIFIER_RUNTIME } from './api/tokens';
import { WatchLinksController } from './api/watch-links.controller';
import { WatchesController } from './api/watches.controller';
import { type ServiceConfig, notifierSettings } from './config';
import { EstimateConsumer } from './events/estimate.consumer';
import { NotifierRuntime } from './runtime';

/** Starts the retry sweep with the application and stops it (and the SMTP pool) on shutdown. */
@Injectable()
class NotifierLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(NOTIFIER_RUNTIME) private readonly rt: NotifierRuntime) {}

  onApplicationBootstrap(): void {
    this.rt.sweeper.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rt.close();
  }
}

/** The notifier's Nest module; its platform parts (config, data source, bus, logger) come from service-kit. */
@Module({
  controllers: [WatchesController, WatchLinksController, EstimateConsumer],
  providers: [
    {
      provide: NOTIFIER_RUNTIME,
      inject: [APP_CONFIG, DATA_SOURCE, BUS, LOGGER, METRICS],
      useFactory: (
        config: ServiceConfig,
        dataSource: DataSource,
        bus: MessageBus,
        logger: Logger,
        metrics: ServiceMetrics,
      ) => new NotifierRuntime({ settings: notifierSettings(config), dataSource, rpc: bus, logger, metrics }),
    },
    ApiKeyGuard,
    NotifierLifecycle,
  ],
})
export class NotifierModule {}

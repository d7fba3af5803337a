import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { tmpdir } from 'node:os';
import type { DataSource } from 'typeorm';
import type { Logger } from '@detainer-watch/logging';
import type { MessageBus } from '@detainer-watch/messaging';
import type { Outbox } from '@detainer-watch/persistence';
import { APP_CONFIG, BUS, DATA_SOURCE, LOGGER, OUTBOX } from '@detainer-watch/service-kit';
import { createComponents, type Components } from './components';
import type { ServiceConfig } from './config';
import { ClassifiedConsumer } from './http/classified.consumer';
import { ExposureController } from './http/exposure.controller';
import { LedgerController } from './http/ledger.controller';
import { PendingResolutionScheduler } from './resolution/pending-resolution.scheduler';
import { COMPONENTS, RESOLUTION_SCHEDULER } from './tokens';

/** At start: the shipped reference ledger (idempotent), then recipient resolution in the background. */
class LedgerStartup implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(COMPONENTS) private readonly components: Components,
    @Inject(RESOLUTION_SCHEDULER) private readonly scheduler: PendingResolutionScheduler,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.LEDGER_LOAD_REFERENCE) await this.components.loadReferenceLedger.execute();
    this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: ServiceConfig) => ({
        dest: tmpdir(),
        limits: { fileSize: config.IMPORT_MAX_UPLOAD_MB * 1024 * 1024, files: 1 },
      }),
    }),
  ],
  controllers: [ExposureController, LedgerController, ClassifiedConsumer],
  providers: [
    {
      provide: COMPONENTS,
      inject: [DATA_SOURCE, BUS, LOGGER, APP_CONFIG, OUTBOX],
      useFactory: (
        dataSource: DataSource,
        bus: MessageBus,
        logger: Logger,
        config: ServiceConfig,
        outbox: Outbox,
      ) => createComponents({ dataSource, rpc: bus, logger, config, outbox }),
    },
    {
      provide: RESOLUTION_SCHEDULER,
      inject: [COMPONENTS, APP_CONFIG, LOGGER],
      useFactory: (components: Components, config: ServiceConfig, logger: Logger) =>
        new PendingResolutionScheduler(components.resolvePending, config.RESOLVE_RETRY_MS, logger),
    },
    LedgerStartup,
  ],
})
export class GrantExposureModule {}

import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { nestLoggerParams, type Logger } from '@detainer-watch/logging';
import type { MessageBus } from '@detainer-watch/messaging';
import type { Outbox } from '@detainer-watch/persistence';
import { HealthController } from './health/health.controller';
import { ReadinessIndicators } from './health/readiness.indicators';
import { MetricsController } from './metrics/metrics.controller';
import type { ServiceMetrics } from './metrics/service-metrics';
import { EventContextInterceptor } from './nest/event-context.interceptor';
import { APP_CONFIG, BUS, DATA_SOURCE, LOGGER, METRICS, OUTBOX, SERVICE_NAME } from './tokens';

/** The running parts one service instance shares with its Nest modules. */
export interface PlatformServices<C = unknown> {
  name: string;
  config: C;
  logger: Logger;
  dataSource: DataSource;
  bus: MessageBus;
  outbox: Outbox;
  metrics: ServiceMetrics;
}

/**
 * Global module exposing the platform tokens to every service module, plus /health, /ready, /metrics, request
 * logging on the service's pino logger, and the event logging context around message handlers.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(platform: PlatformServices): DynamicModule {
    const values = [
      { provide: SERVICE_NAME, useValue: platform.name },
      { provide: APP_CONFIG, useValue: platform.config },
      { provide: LOGGER, useValue: platform.logger },
      { provide: DATA_SOURCE, useValue: platform.dataSource },
      { provide: BUS, useValue: platform.bus },
      { provide: OUTBOX, useValue: platform.outbox },
      { provide: METRICS, useValue: platform.metrics },
    ];
    return {
      module: PlatformModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot(nestLoggerParams(platform.logger)),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        ...values,
        ReadinessIndicators,
        { provide: APP_INTERCEPTOR, useClass: EventContextInterceptor },
      ],
      exports: values.map((v) => v.provide),
    };
  }
}

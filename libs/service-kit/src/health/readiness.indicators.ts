import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import type { MessageBus } from '@detainer-watch/messaging';
import { BUS, DATA_SOURCE } from '../tokens';

const PING_TIMEOUT_MS = 2000;

/** Readiness checks: can this instance reach its database and its message broker right now? */
@Injectable()
export class ReadinessIndicators {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(BUS) private readonly messageBus: MessageBus,
  ) {}

  async database() {
    const check = this.indicators.check('database');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)),
            PING_TIMEOUT_MS,
          );
        }),
      ]);
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  bus() {
    const check = this.indicators.check('bus');
    return this.messageBus.isHealthy()
      ? check.up()
      : check.down({ message: 'not connected to the message broker' });
  }
}

import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ReadinessIndicators } from './readiness.indicators';

@Controller()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(ReadinessIndicators) private readonly readiness: ReadinessIndicators,
  ) {}

  /** Liveness: the process serves HTTP. Deliberately checks nothing else, so a database outage never triggers a restart loop. */
  @Get('health')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when database and broker answer, 503 naming the failing one otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.readiness.database(), () => this.readiness.bus()]);
  }
}

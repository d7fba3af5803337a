import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { METRICS } from '../tokens';
import type { ServiceMetrics } from './service-metrics';

@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: ServiceMetrics) {}

  @Get('metrics')
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    res.type(contentType).send(body);
  }
}

import { Controller, Get, Inject, NotFoundException, Param, UseFilters } from '@nestjs/common';
import { z } from 'zod';
import { UPSTREAM, type UpstreamClient } from '../upstream/tokens';
import type { ExposureAnswer, JurisdictionHistory } from '../views/upstream-shapes';
import { messageOf } from './reports.controller';
import { parseRequest } from './request';
import { UpstreamErrorFilter } from './upstream-error.filter';

const JurisdictionId = z
  .string()
  .trim()
  .regex(
    /^[a-z]+:[A-Za-z0-9:_-]{1,120}$/,
    'expected a jurisdiction id such as place:0937000 or county:09003',
  );

@Controller('api/jurisdictions')
@UseFilters(UpstreamErrorFilter)
export class JurisdictionsController {
  constructor(@Inject(UPSTREAM) private readonly upstream: UpstreamClient) {}

  /** Its history across reports (classifier) and its estimated exposure by program and year (with sources). */
  @Get(':id')
  async one(@Param('id') raw: string) {
    const id = parseRequest(JurisdictionId, 'jurisdiction id', raw);
    const enc = encodeURIComponent(id);
    const [h, x] = await Promise.all([
      this.upstream.call<JurisdictionHistory>('jurisdiction-classifier', `/jurisdictions/${enc}`),
      this.upstream.call<ExposureAnswer>('grant-exposure', `/exposure?jurisdiction=${enc}`),
    ]);
    if (h.status === 404) throw new NotFoundException({ error: 'not_found', message: messageOf(h.body) });
    return {
      history: h.status === 200 ? h.body : null,
      historyProblem:
        h.status === 200 ? null : `jurisdiction-classifier answered ${h.status}: ${messageOf(h.body)}`,
      exposure: x.status === 200 ? x.body : null,
      exposureProblem:
        x.status === 200 ? null : `grant-exposure-calculator answered ${x.status}: ${messageOf(x.body)}`,
      sources: {
        history: `jurisdiction-classifier GET /jurisdictions/${id}`,
        exposure: `grant-exposure-calculator GET /exposure?jurisdiction=${id} (estimate)`,
      },
    };
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Param,
  Post,
  ServiceUnavailableException,
  UseFilters,
} from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG } from '@detainer-watch/service-kit';
import type { ServiceConfig } from '../config';
import { UPSTREAM, type UpstreamClient, type UpstreamResponse } from '../upstream/tokens';
import { parseRequest } from './request';
import { UpstreamErrorFilter } from './upstream-error.filter';

interface NotifierWatch {
  id: string;
  email: string;
  jurisdiction: { id: string; name: string; type: string; state: string; fips: string | null };
  includeChildren: boolean;
  status: string;
  createdAt: string;
  confirmedAt: string | null;
  confirmation: { status: string };
}

const CreateWatch = z
  .object({
    email: z.string().trim().min(3).max(254),
    jurisdiction: z.string().trim().min(1).max(300),
    state: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'a USPS state code such as CT')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    includeChildren: z.boolean().optional(),
  })
  .strict();
const WatchId = z.uuid('a watch id is a UUID');

/** `e•••@example.org`: enough to recognise one's own watch, not enough to collect addresses from the page. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

const view = (w: NotifierWatch) => ({
  id: w.id,
  email: maskEmail(w.email),
  jurisdiction: w.jurisdiction,
  includeChildren: w.includeChildren,
  status: w.status,
  confirmation: w.confirmation.status,
  createdAt: w.createdAt,
  confirmedAt: w.confirmedAt,
});

/**
 * Watches through the notifier's API. Its API key stays in this process: the browser only ever talks to this BFF.
 * Addresses are shown masked.
 */
@Controller('api/watches')
@UseFilters(UpstreamErrorFilter)
export class WatchesController {
  constructor(
    @Inject(UPSTREAM) private readonly upstream: UpstreamClient,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get()
  async list() {
    if (!this.config.DASHBOARD_NOTIFIER_API_KEY) return { enabled: false, watches: [], total: 0 };
    const r = await this.call<{ watches: NotifierWatch[]; total: number }>('/watches?limit=500');
    return { enabled: true, watches: r.body.watches.map(view), total: r.body.total };
  }

  @Post()
  async create(@Body() body: unknown) {
    const b = parseRequest(CreateWatch, 'watch', body);
    const r = await this.call<NotifierWatch>('/watches', { method: 'POST', body: b });
    return view(r.body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') raw: string) {
    const id = parseRequest(WatchId, 'watch id', raw);
    await this.call(`/watches/${id}`, { method: 'DELETE' });
  }

  /** Passes the notifier's 4xx answers (invalid address, unknown or ambiguous jurisdiction) on to the browser. */
  private async call<T>(path: string, req: { method?: 'POST' | 'DELETE'; body?: unknown } = {}) {
    const apiKey = this.config.DASHBOARD_NOTIFIER_API_KEY;
    if (!apiKey)
      throw new ServiceUnavailableException({
        error: 'watches_disabled',
        message: 'DASHBOARD_NOTIFIER_API_KEY is not set, so this dashboard cannot manage watches',
      });
    const r: UpstreamResponse<T> = await this.upstream.call<T>('notifier', path, { ...req, apiKey });
    if (r.status === 401)
      throw new ServiceUnavailableException({
        error: 'watches_disabled',
        message: 'the notifier refused DASHBOARD_NOTIFIER_API_KEY',
      });
    if (r.status >= 400)
      throw new HttpException(r.body ?? { error: 'upstream_error' }, r.status >= 500 ? 502 : r.status);
    return r;
  }
}

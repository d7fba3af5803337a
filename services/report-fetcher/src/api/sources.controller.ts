import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { initialSourceState } from '../checking/source-health';
import { FetcherRuntime } from '../fetcher.runtime';
import type { SourceConfig } from '../sources/source.config';

/** The configured sources, their health and their schedule. */
@Controller('sources')
export class SourcesController {
  constructor(@Inject(FetcherRuntime) private readonly runtime: FetcherRuntime) {}

  @Get()
  async list() {
    const states = new Map((await this.runtime.sourceStates.list()).map((s) => [s.sourceId, s]));
    const next = new Map(this.runtime.scheduler.scheduled().map((s) => [s.sourceId, s.nextRunAt]));
    return {
      sources: this.runtime.config.sources.map((config) => {
        const state = states.get(config.id) ?? initialSourceState(config.id);
        return {
          id: config.id,
          config: describe(config),
          nextRunAt: next.get(config.id) ?? null,
          lastCheckedAt: state.lastCheckedAt,
          lastSuccessAt: state.lastSuccessAt,
          lastError: state.lastError,
          lastErrorAt: state.lastErrorAt,
          consecutiveFailures: state.consecutiveFailures,
          failingSince: state.failingSince,
          /** Whether report.fetch_failed {status: 'failing'} went out for the current run of failures. */
          failing: state.failingReported,
        };
      }),
    };
  }

  /** Checks one source now and answers with what the check did, once it is done. */
  @Post(':id/check')
  @HttpCode(200)
  async check(@Param('id') id: string) {
    const source = this.runtime.config.sources.find((s) => s.id === id);
    if (!source)
      throw new NotFoundException(
        `no configured source with id "${id}"; configured: ${this.runtime.config.sources.map((s) => s.id).join(', ')}`,
      );
    return this.runtime.checker.check(source);
  }
}

const describe = (s: SourceConfig) => ({
  kind: s.kind,
  ...(s.kind === 'inbox' ? { path: s.path } : { url: s.url }),
  ...(s.kind === 'index' && s.include !== undefined ? { include: s.include } : {}),
  cron: s.cron,
  timezone: s.timezone,
  enabled: s.enabled,
});

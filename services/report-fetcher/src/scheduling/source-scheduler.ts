import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { CheckResult } from '../checking/check-source';
import type { SourceConfig } from '../sources/source.config';

/** What the scheduler needs from the use case. */
export interface SourceChecker {
  check(source: SourceConfig): Promise<CheckResult>;
}

export interface ScheduledSource {
  sourceId: string;
  cron: string;
  timezone: string;
  nextRunAt: string | null;
}

/**
 * Runs each enabled source's check on its cron schedule. A run that is still going when the next one is due is
 * skipped (croner's `protect`), so a slow source is never checked twice at once. A failed check is already
 * recorded in source state by the use case; here it is only logged.
 */
export class SourceScheduler {
  private readonly jobs = new Map<string, Cron>();

  constructor(
    private readonly sources: readonly SourceConfig[],
    private readonly checker: SourceChecker,
    private readonly logger?: Pick<Logger, 'info' | 'error'>,
  ) {}

  start(): void {
    for (const source of this.sources) {
      if (!source.enabled || this.jobs.has(source.id)) continue;
      const job = new Cron(
        source.cron,
        { timezone: source.timezone, protect: true, name: `source:${source.id}` },
        () => this.run(source),
      );
      this.jobs.set(source.id, job);
    }
  }

  stop(): void {
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
  }

  scheduled(): ScheduledSource[] {
    return this.sources
      .filter((s) => this.jobs.has(s.id))
      .map((s) => ({
        sourceId: s.id,
        cron: s.cron,
        timezone: s.timezone,
        nextRunAt: this.jobs.get(s.id)?.nextRun()?.toISOString() ?? null,
      }));
  }

  /** Checks one configured source now (e.g. POST /sources/:id/check), enabled or not. */
  async checkNow(sourceId: string): Promise<CheckResult> {
    const source = this.sources.find((s) => s.id === sourceId);
    if (!source) throw new Error(`no configured source with id "${sourceId}"`);
    return this.checker.check(source);
  }

  private async run(source: SourceConfig): Promise<void> {
    try {
      const r = await this.checker.check(source);
      this.logger?.info(
        { sourceId: source.id, ok: r.ok, outcomes: r.results.map((x) => x.outcome) },
        'scheduled source check done',
      );
    } catch (e) {
      this.logger?.error({ sourceId: source.id, err: e }, 'scheduled source check crashed');
    }
  }
}

import type { BlobStore } from '@detainer-watch/messaging';
import type { ServiceMetrics } from '@detainer-watch/service-kit';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { CheckSource, type CheckResult } from './checking/check-source';
import type { ReportListing, ReportRepository, SourceStateRepository } from './checking/fetcher.ports';
import { PoliteHttpClient } from './http/http.client';
import { InboxWatcher } from './inbox/inbox-watcher';
import {
  TypeOrmFetcherCommit,
  TypeOrmReportRepository,
  TypeOrmSourceStateRepository,
  TypeOrmUrlStateRepository,
} from './persistence/typeorm-fetcher.store';
import { SourceScheduler } from './scheduling/source-scheduler';
import type { FetcherConfig, InboxSource } from './sources/source.config';
import { removeStaleSpoolFiles } from './validation/pdf-spool';

export interface FetcherRuntimeDeps {
  fetcher: FetcherConfig;
  dataSource: DataSource;
  /** Where report bytes go: the bus's object store. */
  blobs: BlobStore;
  logger: Logger;
  /** Debounce of the inbox folder watcher (ms). */
  inboxDebounceMs?: number;
  /** Where the fetch counters go (GET /metrics). */
  metrics?: ServiceMetrics;
}

/** Counts checks and what each candidate came to, per source: the figures ops alert on. */
function checkCounters(metrics: ServiceMetrics | undefined): ((r: CheckResult) => void) | undefined {
  if (!metrics) return undefined;
  const checks = metrics.counter('detainer_fetch_checks_total', 'Source checks, by result', [
    'source',
    'result',
  ]);
  const candidates = metrics.counter('detainer_fetch_candidates_total', 'Candidate PDFs, by outcome', [
    'source',
    'outcome',
  ]);
  return (r) => {
    checks.inc({ source: r.sourceId, result: r.ok ? 'ok' : 'failed' });
    for (const c of r.results) candidates.inc({ source: r.sourceId, outcome: c.outcome });
  };
}

/**
 * The report-fetcher assembled: repositories over the service schema, the polite HTTP client, the check use case,
 * the cron scheduler and the inbox folder watchers. `start` and `stop` follow the app's lifecycle.
 */
export class FetcherRuntime {
  readonly config: FetcherConfig;
  readonly reports: ReportRepository & ReportListing;
  readonly sourceStates: SourceStateRepository;
  readonly checker: CheckSource;
  readonly scheduler: SourceScheduler;
  private readonly watchers: InboxWatcher[];
  private readonly logger: Logger;

  constructor(deps: FetcherRuntimeDeps) {
    this.config = deps.fetcher;
    this.logger = deps.logger;
    const { dataSource } = deps;
    this.reports = new TypeOrmReportRepository(dataSource);
    this.sourceStates = new TypeOrmSourceStateRepository(dataSource);
    const http = new PoliteHttpClient(deps.fetcher.http, {
      spoolDir: deps.fetcher.tempDir,
      logger: deps.logger,
    });
    this.checker = new CheckSource({
      http,
      blobs: deps.blobs,
      reports: this.reports,
      urls: new TypeOrmUrlStateRepository(dataSource),
      sources: this.sourceStates,
      commits: new TypeOrmFetcherCommit(dataSource),
      options: {
        failureThreshold: deps.fetcher.failureThreshold,
        maxPdfBytes: deps.fetcher.http.maxPdfBytes,
        spoolDir: deps.fetcher.tempDir,
        inboxSettleMs: deps.fetcher.inboxSettleMs,
      },
      logger: deps.logger,
      onChecked: checkCounters(deps.metrics),
    });
    this.scheduler = new SourceScheduler(deps.fetcher.sources, this.checker, deps.logger);
    this.watchers = deps.fetcher.sources
      .filter((s): s is InboxSource => s.kind === 'inbox' && s.enabled)
      .map((s) => new InboxWatcher(s, this.checker, deps.inboxDebounceMs, deps.logger));
  }

  async start(): Promise<void> {
    // No download outlives the total timeout, so older parts are from a process that was killed mid-download.
    const stale = await removeStaleSpoolFiles(this.config.tempDir, this.config.http.totalTimeoutMs);
    if (stale.length > 0)
      this.logger.warn({ files: stale }, 'removed downloads left half-done by a killed process');
    this.scheduler.start();
    for (const w of this.watchers) w.start();
    this.logger.info(
      { sources: this.scheduler.scheduled(), inboxWatchers: this.watchers.length },
      'report-fetcher scheduler started',
    );
  }

  /** Stops scheduling, aborts downloads in flight and waits for the checks to wind up. */
  async stop(): Promise<void> {
    this.scheduler.stop();
    const watchers = Promise.all(this.watchers.map((w) => w.stop()));
    await this.checker.shutdown();
    await watchers;
  }
}

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createEvent, Subjects, type ReportSourceKind } from '@detainer-watch/contracts';
import type { BlobStore } from '@detainer-watch/messaging';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { discoverPdfLinks } from '../discovery/discover-pdf-links';
import { errorMessage, FetchError } from '../errors';
import type { HttpClient } from '../http/http.client';
import { InboxFolder } from '../inbox/inbox-folder';
import type { IndexSource, InboxSource, SourceConfig } from '../sources/source.config';
import { spoolPdf, type SpooledPdf } from '../validation/pdf-spool';
import type {
  FetcherCommitPort,
  ReportRecord,
  ReportRepository,
  SourceState,
  SourceStateRepository,
  UrlState,
  UrlStateRepository,
} from './fetcher.ports';
import { afterCheck, initialSourceState, SERVICE_NAME } from './source-health';

export interface CheckSourceOptions {
  /** Consecutive failed checks before {status: 'failing'} is published. */
  failureThreshold: number;
  /** Largest PDF accepted from the inbox and from uploads (HTTP downloads use the client's own limit). */
  maxPdfBytes: number;
  spoolDir?: string;
  inboxSettleMs: number;
}

export interface CheckSourceDeps {
  http: HttpClient;
  blobs: BlobStore;
  reports: ReportRepository;
  urls: UrlStateRepository;
  sources: SourceStateRepository;
  commits: FetcherCommitPort;
  options: CheckSourceOptions;
  now?: () => Date;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** How the inbox waits between its two looks; injectable so tests need not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Told of every finished check (metrics); must not throw. */
  onChecked?: (result: CheckResult) => void;
}

export type Outcome =
  /** New bytes: stored and announced with `report.fetched`. */
  | 'new_report'
  /** Bytes already known as a report (from this or another source): nothing new announced. */
  | 'duplicate'
  /** The server answered 304 to the conditional GET. */
  | 'not_modified'
  /** A discovered link the policy never fetches (e.g. a host off the allowlist). */
  | 'skipped'
  /** An inbox file that is not an acceptable PDF, moved to rejected/. */
  | 'rejected'
  | 'failed';

export interface CandidateResult {
  /** The URL, or the inbox file name. */
  target: string;
  outcome: Outcome;
  reportId?: string;
  supersedes?: string | null;
  reason?: string;
}

export interface CheckResult {
  sourceId: string;
  ok: boolean;
  /** Why the check failed (every failed candidate, joined), or null. */
  error: string | null;
  results: CandidateResult[];
  state: SourceState;
}

export interface UploadResult {
  reportId: string;
  outcome: 'new_report' | 'duplicate';
}

interface Origin {
  sourceId: string;
  kind: z.infer<typeof ReportSourceKind>;
  url: string | null;
  fileName: string | null;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
}

/**
 * The use case "check a source": discover candidates, fetch each conditionally, validate, dedupe by sha256, store
 * new bytes, record them and enqueue `report.fetched` in one commit; then update the source's health and publish
 * `report.fetch_failed` when it starts or stops failing. Only a complete, validated, hashed file is ever stored.
 */
export class CheckSource {
  private readonly now: () => Date;
  private readonly inboxes = new Map<string, InboxFolder>();
  private readonly running = new Map<string, Promise<CheckResult>>();
  private stopping = false;

  constructor(private readonly deps: CheckSourceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Checks a source; a check already running for the same source is joined rather than started twice. */
  check(source: SourceConfig): Promise<CheckResult> {
    const running = this.running.get(source.id);
    if (running) return running;
    const run = this.run(source)
      .then((result) => {
        this.deps.onChecked?.(result);
        return result;
      })
      .finally(() => this.running.delete(source.id));
    this.running.set(source.id, run);
    return run;
  }

  /**
   * For shutdown: aborts the downloads in flight and waits for the checks to wind up. An interrupted check records
   * nothing (its spooled part is deleted, no source failure is counted); the next check after a restart does it again.
   */
  async shutdown(): Promise<void> {
    this.stopping = true;
    this.deps.http.close();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Stores a manually uploaded PDF (validated like any other). Throws FetchError when it is not acceptable. */
  async ingestUpload(data: AsyncIterable<Uint8Array>, fileName: string): Promise<UploadResult> {
    const pdf = await spoolPdf(data, this.spoolOptions(`uploaded file "${fileName}"`));
    try {
      const origin: Origin = {
        sourceId: 'upload',
        kind: 'upload',
        url: null,
        fileName,
        contentType: 'application/pdf',
        etag: null,
        lastModified: null,
      };
      const r = await this.record(pdf, origin, null);
      return { reportId: r.reportId!, outcome: r.outcome as UploadResult['outcome'] };
    } finally {
      await pdf.dispose();
    }
  }

  private async run(source: SourceConfig): Promise<CheckResult> {
    let results: CandidateResult[];
    let fatal: string | null = null;
    try {
      if (source.kind === 'inbox') results = await this.checkInbox(source);
      else if (source.kind === 'url') results = [await this.checkUrl(source.id, 'url', source.url)];
      else results = await this.checkIndex(source);
    } catch (e) {
      results = [];
      fatal = errorMessage(e);
    }
    const failed = results.filter((r) => r.outcome === 'failed').map((r) => r.reason);
    const error = fatal ?? (failed.length > 0 ? failed.join('; ') : null);
    if (this.stopping && error !== null) {
      this.deps.logger?.warn({ sourceId: source.id, reason: error }, 'source check interrupted by shutdown');
      const state =
        (await this.deps.sources.get(source.id).catch(() => null)) ?? initialSourceState(source.id);
      return { sourceId: source.id, ok: false, error, results, state };
    }
    const previous = await this.deps.sources.get(source.id);
    const { state, event } = afterCheck(
      previous,
      source.id,
      source.kind === 'inbox' ? null : source.url,
      error === null ? { ok: true } : { ok: false, reason: error },
      this.deps.options.failureThreshold,
      this.now(),
    );
    await this.deps.commits.commit({
      source: state,
      events: event ? [{ subject: Subjects.ReportFetchFailed, event }] : [],
    });
    if (error !== null)
      this.deps.logger?.warn(
        { sourceId: source.id, consecutiveFailures: state.consecutiveFailures, reason: error },
        'source check failed',
      );
    return { sourceId: source.id, ok: error === null, error, results, state };
  }

  private async checkIndex(source: IndexSource): Promise<CandidateResult[]> {
    const page = await this.deps.http.fetchPage(source.url);
    const include = source.include === undefined ? null : new RegExp(source.include, 'i');
    const links = (await discoverPdfLinks(page.html, page.finalUrl)).filter(
      (l) => include === null || include.test(l.url) || include.test(l.text),
    );
    if (links.length === 0)
      throw new FetchError(
        'not_pdf',
        `no PDF links found on ${page.finalUrl}${include ? ` matching /${source.include}/i` : ''}; has the page changed?`,
      );
    const results: CandidateResult[] = [];
    for (const link of links) {
      try {
        this.deps.http.checkUrl(link.url);
      } catch (e) {
        results.push({ target: link.url, outcome: 'skipped', reason: errorMessage(e) });
        continue;
      }
      results.push(await this.checkUrl(source.id, 'index', link.url));
    }
    return results;
  }

  /** One candidate URL; never throws: a failure is a result, so the other candidates are still tried. */
  private async checkUrl(sourceId: string, kind: 'index' | 'url', url: string): Promise<CandidateResult> {
    try {
      const previous = await this.deps.urls.get(url);
      const download = await this.deps.http.downloadPdf(url, {
        etag: previous?.etag ?? null,
        lastModified: previous?.lastModified ?? null,
      });
      const checkedAt = this.now().toISOString();
      if (download.status === 'not_modified') {
        if (previous) await this.deps.commits.commit({ urls: [{ ...previous, checkedAt }] });
        return { target: url, outcome: 'not_modified', reportId: previous?.reportId };
      }
      const { pdf } = download;
      try {
        const urlState: UrlState = {
          url,
          sourceId,
          etag: download.etag,
          lastModified: download.lastModified,
          reportId: pdf.sha256,
          checkedAt,
        };
        const supersedes = previous && previous.reportId !== pdf.sha256 ? previous.reportId : null;
        const origin: Origin = {
          sourceId,
          kind,
          url,
          fileName: fileNameOf(download.finalUrl),
          contentType: download.contentType,
          etag: download.etag,
          lastModified: download.lastModified,
        };
        return { target: url, ...(await this.record(pdf, origin, supersedes, urlState)) };
      } finally {
        await pdf.dispose();
      }
    } catch (e) {
      return { target: url, outcome: 'failed', reason: errorMessage(e) };
    }
  }

  private async checkInbox(source: InboxSource): Promise<CandidateResult[]> {
    let inbox = this.inboxes.get(source.id);
    if (!inbox || inbox.dir !== source.path) {
      inbox = new InboxFolder(source.path, this.deps.options.inboxSettleMs, this.deps.sleep);
      this.inboxes.set(source.id, inbox);
    }
    const results: CandidateResult[] = [];
    for (const file of await inbox.stableFiles()) {
      const name = basename(file);
      let pdf: SpooledPdf;
      try {
        pdf = await spoolPdf(createReadStream(file), this.spoolOptions(`inbox file ${file}`));
      } catch (e) {
        if (!(e instanceof FetchError) || e.code === 'io') {
          results.push({ target: name, outcome: 'failed', reason: errorMessage(e) });
          continue;
        }
        await inbox.reject(file, e.message);
        results.push({ target: name, outcome: 'rejected', reason: e.message });
        continue;
      }
      try {
        const origin: Origin = {
          sourceId: source.id,
          kind: 'inbox',
          url: null,
          fileName: name,
          contentType: 'application/pdf',
          etag: null,
          lastModified: null,
        };
        const r = await this.record(pdf, origin, null);
        // Moved only after the commit: a crash in between leaves the file to be taken again, and sha256 dedupe
        // then makes that a harmless duplicate.
        await inbox.markProcessed(file);
        results.push({ target: name, ...r });
      } catch (e) {
        results.push({ target: name, outcome: 'failed', reason: errorMessage(e) });
      } finally {
        await pdf.dispose();
      }
    }
    return results;
  }

  /** Dedupes by sha256; new bytes are stored, then recorded and announced in one commit. */
  private async record(
    pdf: SpooledPdf,
    origin: Origin,
    supersedes: string | null,
    urlState?: UrlState,
  ): Promise<Omit<CandidateResult, 'target'>> {
    const reportId = pdf.sha256;
    const existing = await this.deps.reports.findById(reportId);
    if (existing) {
      if (urlState) await this.deps.commits.commit({ urls: [urlState] });
      return { outcome: 'duplicate', reportId };
    }
    await this.deps.blobs.put(reportId, pdf.read(), { contentType: 'application/pdf' });
    const report: ReportRecord = {
      reportId,
      objectKey: reportId,
      sizeBytes: pdf.size,
      contentType: origin.contentType,
      source: { id: origin.sourceId, kind: origin.kind, url: origin.url, fileName: origin.fileName },
      etag: origin.etag,
      lastModified: origin.lastModified,
      fetchedAt: this.now().toISOString(),
      supersedes,
    };
    const event = createEvent(Subjects.ReportFetched, {
      id: `report.fetched:${reportId}`,
      source: SERVICE_NAME,
      reportId,
      subject: reportId,
      time: this.now(),
      data: { schemaVersion: 1, ...report },
    });
    await this.deps.commits.commit({
      report,
      urls: urlState ? [urlState] : [],
      events: [{ subject: Subjects.ReportFetched, event }],
    });
    this.deps.logger?.info(
      { reportId, sourceId: origin.sourceId, url: origin.url, sizeBytes: pdf.size, supersedes },
      'new report stored',
    );
    return { outcome: 'new_report', reportId, supersedes };
  }

  private spoolOptions(label: string) {
    return { maxBytes: this.deps.options.maxPdfBytes, dir: this.deps.options.spoolDir, label };
  }
}

const fileNameOf = (url: string): string | null => {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  let name: string;
  try {
    name = decodeURIComponent(last);
  } catch {
    name = last;
  }
  return name === '' ? null : name;
};

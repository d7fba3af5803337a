import type { BlobInfo, BlobStore } from '@detainer-watch/messaging';
import { createHash } from 'node:crypto';
import type {
  FetcherCommit,
  FetcherCommitPort,
  OutboxEvent,
  ReportRecord,
  ReportRepository,
  SourceState,
  SourceStateRepository,
  UrlState,
  UrlStateRepository,
} from '../checking/fetcher.ports';

/**
 * Test double for the fetcher's persistence: the repositories and the commit port over plain maps, with the same
 * idempotency the database implementation must have (a report or an event id is inserted once). Not for production.
 */
export class InMemoryFetcherStore implements ReportRepository, FetcherCommitPort {
  readonly reports = new Map<string, ReportRecord>();
  readonly urlStates = new Map<string, UrlState>();
  readonly sourceStates = new Map<string, SourceState>();
  readonly outbox: OutboxEvent[] = [];
  /** Makes the next commit throw, to simulate a database failure. */
  failNextCommit: Error | null = null;

  async findById(reportId: string) {
    return this.reports.get(reportId) ?? null;
  }
  async commit(c: FetcherCommit) {
    if (this.failNextCommit) {
      const e = this.failNextCommit;
      this.failNextCommit = null;
      throw e;
    }
    if (c.report && !this.reports.has(c.report.reportId)) this.reports.set(c.report.reportId, c.report);
    for (const u of c.urls ?? []) this.urlStates.set(u.url, u);
    if (c.source) this.sourceStates.set(c.source.sourceId, c.source);
    for (const e of c.events ?? [])
      if (!this.outbox.some((o) => o.event.id === e.event.id)) this.outbox.push(e);
  }

  /** UrlStateRepository and SourceStateRepository both have get(), so they are views rather than this class. */
  urlRepository(): UrlStateRepository {
    return { get: async (url) => this.urlStates.get(url) ?? null };
  }
  sourceRepository(): SourceStateRepository {
    return {
      get: async (id) => this.sourceStates.get(id) ?? null,
      list: async () => [...this.sourceStates.values()],
    };
  }
  events(subject: OutboxEvent['subject']) {
    return this.outbox.filter((o) => o.subject === subject);
  }
}

/** Test double for the BlobStore port: bytes in a map, keyed as given. */
export class InMemoryBlobStore implements BlobStore {
  readonly blobs = new Map<string, Uint8Array>();

  async put(key: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<BlobInfo> {
    let bytes: Buffer;
    if (data instanceof Uint8Array) bytes = Buffer.from(data);
    else {
      const parts: Buffer[] = [];
      for await (const c of data) parts.push(Buffer.from(c));
      bytes = Buffer.concat(parts);
    }
    if (!this.blobs.has(key)) this.blobs.set(key, bytes);
    return { key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  async get(key: string) {
    return this.blobs.get(key) ?? null;
  }
  async has(key: string) {
    return this.blobs.has(key);
  }
  async delete(key: string) {
    this.blobs.delete(key);
  }
}

import type { EventOf, ReportFetchedV1 } from '@detainer-watch/contracts';
import { Subjects } from '@detainer-watch/contracts';

/** A stored report: what `report.fetched` said about it. The id is the sha256 of the bytes. */
export type ReportRecord = Omit<ReportFetchedV1, 'schemaVersion'>;

/** What the fetcher remembers about one PDF URL, whichever source linked it. */
export interface UrlState {
  url: string;
  sourceId: string;
  /** Validators of the last download, sent back as If-None-Match / If-Modified-Since. */
  etag: string | null;
  lastModified: string | null;
  /** The report whose bytes this URL served last; a different sha256 later is a correction that supersedes it. */
  reportId: string;
  checkedAt: string;
}

/** Health of one configured source, as GET /sources shows it. */
export interface SourceState {
  sourceId: string;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  /** When the current run of failures began (null while healthy); part of the `report.fetch_failed` event id. */
  failingSince: string | null;
  /** Whether {status: 'failing'} was published for the current run of failures. */
  failingReported: boolean;
}

export interface ReportRepository {
  findById(reportId: string): Promise<ReportRecord | null>;
}

/** A page of reports, newest first; `nextCursor` fetches the next (older) page, null on the last one. */
export interface ReportPage {
  items: ReportRecord[];
  nextCursor: string | null;
}

/** Read side for GET /reports. */
export interface ReportListing {
  /** Throws InvalidCursorError when `cursor` is not one this listing produced. */
  list(page: { limit: number; cursor: string | null }): Promise<ReportPage>;
}

export class InvalidCursorError extends Error {
  constructor(cursor: string) {
    super(`cursor "${cursor}" is not a cursor returned by GET /reports`);
    this.name = 'InvalidCursorError';
  }
}

export interface UrlStateRepository {
  get(url: string): Promise<UrlState | null>;
}

export interface SourceStateRepository {
  get(sourceId: string): Promise<SourceState | null>;
  list(): Promise<SourceState[]>;
}

export type FetcherSubject = typeof Subjects.ReportFetched | typeof Subjects.ReportFetchFailed;

export type OutboxEvent = { [S in FetcherSubject]: { subject: S; event: EventOf<S> } }[FetcherSubject];

/** Everything one step of a check changes, to be written atomically. */
export interface FetcherCommit {
  report?: ReportRecord;
  urls?: UrlState[];
  source?: SourceState;
  events?: OutboxEvent[];
}

/**
 * Writes a FetcherCommit in one transaction: state rows and outbox rows together, so an event is published if and
 * only if the state it describes was recorded. Implementations must make it idempotent: insert the report and the
 * outbox events "on conflict do nothing" (by report id / event id) and upsert url and source state, because two
 * checks may store the same bytes at the same time.
 */
export interface FetcherCommitPort {
  commit(changes: FetcherCommit): Promise<void>;
}

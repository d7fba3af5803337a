import { Outbox, schemaOf } from '@detainer-watch/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import {
  InvalidCursorError,
  type FetcherCommit,
  type FetcherCommitPort,
  type ReportListing,
  type ReportPage,
  type ReportRecord,
  type ReportRepository,
  type SourceState,
  type SourceStateRepository,
  type UrlState,
  type UrlStateRepository,
} from '../checking/fetcher.ports';
import { ReportEntity, SourceStateEntity, UrlStateEntity } from './fetcher.entities';

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const date = (s: string | null): Date | null => (s === null ? null : new Date(s));

export const toReportRecord = (e: ReportEntity): ReportRecord => ({
  reportId: e.reportId,
  objectKey: e.objectKey,
  sizeBytes: e.sizeBytes,
  contentType: e.contentType,
  source: {
    id: e.sourceId,
    kind: e.sourceKind as ReportRecord['source']['kind'],
    url: e.sourceUrl,
    fileName: e.fileName,
  },
  etag: e.etag,
  lastModified: e.lastModified,
  fetchedAt: e.fetchedAt.toISOString(),
  supersedes: e.supersedes,
});

const toReportEntity = (r: ReportRecord): ReportEntity =>
  Object.assign(new ReportEntity(), {
    reportId: r.reportId,
    objectKey: r.objectKey,
    sourceId: r.source.id,
    sourceKind: r.source.kind,
    sourceUrl: r.source.url,
    fileName: r.source.fileName,
    contentType: r.contentType,
    sizeBytes: r.sizeBytes,
    etag: r.etag,
    lastModified: r.lastModified,
    fetchedAt: new Date(r.fetchedAt),
    supersedes: r.supersedes,
  });

const toUrlState = (e: UrlStateEntity): UrlState => ({
  url: e.url,
  sourceId: e.sourceId,
  etag: e.etag,
  lastModified: e.lastModified,
  reportId: e.reportId,
  checkedAt: e.checkedAt.toISOString(),
});

const toUrlEntity = (u: UrlState): UrlStateEntity =>
  Object.assign(new UrlStateEntity(), { ...u, checkedAt: new Date(u.checkedAt) });

// failingSince is part of the report.fetch_failed event ids, so it must read back exactly as it was written:
// ISO strings with milliseconds survive timestamptz (microseconds) unchanged.
const toSourceState = (e: SourceStateEntity): SourceState => ({
  sourceId: e.sourceId,
  lastCheckedAt: iso(e.lastCheckedAt),
  lastSuccessAt: iso(e.lastSuccessAt),
  lastError: e.lastError,
  lastErrorAt: iso(e.lastErrorAt),
  consecutiveFailures: e.consecutiveFailures,
  failingSince: iso(e.failingSince),
  failingReported: e.failingReported,
});

const toSourceEntity = (s: SourceState): SourceStateEntity =>
  Object.assign(new SourceStateEntity(), {
    ...s,
    lastCheckedAt: date(s.lastCheckedAt),
    lastSuccessAt: date(s.lastSuccessAt),
    lastErrorAt: date(s.lastErrorAt),
    failingSince: date(s.failingSince),
  });

/** Opaque keyset cursor: the (fetched_at, report_id) of the last item of a page. */
const encodeCursor = (r: ReportRecord) => Buffer.from(`${r.fetchedAt}|${r.reportId}`).toString('base64url');

function decodeCursor(cursor: string): { fetchedAt: Date; reportId: string } {
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|([0-9a-f]{64})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m || Number.isNaN(Date.parse(m[1]))) throw new InvalidCursorError(cursor);
  return { fetchedAt: new Date(m[1]), reportId: m[2] };
}

/** Reports in Postgres: look-up by id and newest-first listing. */
export class TypeOrmReportRepository implements ReportRepository, ReportListing {
  constructor(private readonly dataSource: DataSource) {}

  async findById(reportId: string): Promise<ReportRecord | null> {
    const e = await this.dataSource.getRepository(ReportEntity).findOneBy({ reportId });
    return e ? toReportRecord(e) : null;
  }

  async list({ limit, cursor }: { limit: number; cursor: string | null }): Promise<ReportPage> {
    const q = this.dataSource
      .getRepository(ReportEntity)
      .createQueryBuilder('r')
      .orderBy('r.fetched_at', 'DESC')
      .addOrderBy('r.report_id', 'DESC')
      .limit(limit + 1);
    if (cursor !== null) {
      const after = decodeCursor(cursor);
      q.where('(r.fetched_at, r.report_id) < (:fetchedAt, :reportId)', after);
    }
    const rows = (await q.getMany()).map(toReportRecord);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }
}

export class TypeOrmUrlStateRepository implements UrlStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(url: string): Promise<UrlState | null> {
    const e = await this.dataSource.getRepository(UrlStateEntity).findOneBy({ url });
    return e ? toUrlState(e) : null;
  }
}

export class TypeOrmSourceStateRepository implements SourceStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(sourceId: string): Promise<SourceState | null> {
    const e = await this.dataSource.getRepository(SourceStateEntity).findOneBy({ sourceId });
    return e ? toSourceState(e) : null;
  }

  async list(): Promise<SourceState[]> {
    const rows = await this.dataSource.getRepository(SourceStateEntity).find({ order: { sourceId: 'ASC' } });
    return rows.map(toSourceState);
  }
}

/**
 * Writes a FetcherCommit in one transaction: the report ("on conflict do nothing", so two checks storing the same
 * bytes at once record it once), url and source state (upserts) and the outbox rows (deduped by event id).
 */
export class TypeOrmFetcherCommit implements FetcherCommitPort {
  private readonly outbox: Outbox;

  constructor(private readonly dataSource: DataSource) {
    this.outbox = new Outbox(schemaOf(dataSource));
  }

  async commit(changes: FetcherCommit): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (changes.report) await insertReport(manager, changes.report);
      if (changes.urls && changes.urls.length > 0)
        await manager
          .getRepository(UrlStateEntity)
          .upsert(changes.urls.map(toUrlEntity), { conflictPaths: ['url'] });
      if (changes.source)
        await manager
          .getRepository(SourceStateEntity)
          .upsert(toSourceEntity(changes.source), { conflictPaths: ['sourceId'] });
      if (changes.events && changes.events.length > 0) await this.outbox.enqueueAll(manager, changes.events);
    });
  }
}

const insertReport = (manager: EntityManager, report: ReportRecord) =>
  manager
    .createQueryBuilder()
    .insert()
    .into(ReportEntity)
    .values(toReportEntity(report))
    .orIgnore()
    .execute();

import { z } from 'zod';
import { ReportId, UspsCode, type JurisdictionEntity } from '@detainer-watch/contracts';
import { NotFoundError, parseRequest } from '../../errors';
import type { JurisdictionDirectory } from '../../gazetteer/jurisdiction-directory';
import type {
  Appearance,
  HistoryRepository,
  ListedJurisdiction,
  ReportSummary,
  StoredUnresolvedName,
} from '../../history/history.repository';

const upper = (v: unknown) => (typeof v === 'string' && v !== '' ? v.trim().toUpperCase() : undefined);

export const ListJurisdictionsQuery = z.object({
  state: z.preprocess(upper, UspsCode.optional()),
  limit: z.coerce.number().int('expected a whole number').min(1).max(5000).default(1000),
  offset: z.coerce.number().int('expected a whole number').min(0).default(0),
});

export interface JurisdictionHistory {
  entity: JurisdictionEntity;
  /** False for a gazetteer entity no classified report has listed. */
  listed: boolean;
  firstSeen: ListedJurisdiction['firstSeen'] | null;
  /** Every report that listed it, latest first; `superseded` marks reports a correction replaced. */
  appearances: Appearance[];
  /** Reports that no longer listed it although the report they were compared with did. */
  droppedIn: { reportId: string; periodEnd: string | null; previousReportId: string }[];
}

export interface ReportJurisdictions {
  report: ReportSummary;
  jurisdictions: { entity: JurisdictionEntity; appearance: Appearance }[];
  unresolved: StoredUnresolvedName[];
  dropped: JurisdictionEntity[];
}

/** Read side of the history, for the HTTP API. */
export class HistoryQueries {
  constructor(
    private readonly history: HistoryRepository,
    private readonly directory: JurisdictionDirectory,
  ) {}

  async listJurisdictions(query: unknown) {
    const q = parseRequest(ListJurisdictionsQuery, 'query', query ?? {});
    const rows = await this.history.listJurisdictions(q);
    return {
      state: q.state ?? null,
      limit: q.limit,
      offset: q.offset,
      jurisdictions: rows.map((r) => ({
        ...r.jurisdiction.entity,
        firstSeen: r.jurisdiction.firstSeen,
        latest: r.latest,
      })),
    };
  }

  async jurisdiction(id: string): Promise<JurisdictionHistory> {
    const entityId = parseRequest(z.string().trim().min(1).max(200), 'jurisdiction id', id);
    const listed = await this.history.jurisdiction(entityId);
    const entity = listed?.entity ?? this.directory.resolver.gazetteer.byId(entityId)?.entity;
    if (!entity) {
      throw new NotFoundError(
        `no jurisdiction with id "${entityId}" (ids look like county:48453 or place:0937000; ` +
          'GET /resolve?q=... finds one by name)',
      );
    }
    const [appearances, droppedIn] = listed
      ? await Promise.all([this.history.appearancesOf(entityId), this.history.droppedFrom(entityId)])
      : [[], []];
    return { entity, listed: listed !== null, firstSeen: listed?.firstSeen ?? null, appearances, droppedIn };
  }

  async reportJurisdictions(reportId: string): Promise<ReportJurisdictions> {
    const id = parseRequest(ReportId, 'report id', reportId);
    const report = await this.history.report(id);
    if (!report) throw new NotFoundError(`report ${id} has not been classified`);
    const [jurisdictions, unresolved, dropped] = await Promise.all([
      this.history.reportJurisdictions(id),
      this.history.reportUnresolved(id),
      this.history.reportDropped(id),
    ]);
    return { report, jurisdictions, unresolved, dropped };
  }
}

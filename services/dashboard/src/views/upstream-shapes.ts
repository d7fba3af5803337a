import type { Exposure, JurisdictionEntity, ReportFetchedV1 } from '@detainer-watch/contracts';

/**
 * The parts of the pipeline services' HTTP answers the dashboard reads. Event payloads are imported from contracts;
 * these HTTP shapes are each service's own (see their controllers), so only the fields used here are named.
 */
export type FetcherReport = Omit<ReportFetchedV1, 'schemaVersion'>;
export interface FetcherReportPage {
  items: FetcherReport[];
  nextCursor: string | null;
}

export interface FetcherSources {
  sources: {
    id: string;
    config: { kind: string; url?: string; path?: string; enabled: boolean };
    nextRunAt: string | null;
    lastSuccessAt: string | null;
    lastError: string | null;
    failing: boolean;
  }[];
}

export interface ExtractorSummary {
  reportId: string;
  status: 'extracted' | 'rejected';
  rejection: { reason: string; message: string | null } | null;
  title: string | null;
  period: { start: string | null; end: string | null };
  pageCount: number | null;
  detainersIssued: number | null;
  rowCounts: { I: number | null; II: number | null; III: number | null };
  warnings: { code: string; message: string; section: string | null; page: number | null }[];
  source: { id: string; kind: string; url: string | null };
  sizeBytes: number;
  supersedes: string | null;
  fetchedAt: string;
  extractedAt: string;
}
export interface ExtractorPage {
  items: ExtractorSummary[];
  total: number;
}

export interface Appearance {
  reportId: string;
  periodStart: string | null;
  periodEnd: string | null;
  superseded: boolean;
  declinedCount: number;
  highestVolumeCount: number | null;
  policyListed: boolean;
  rawNames: string[];
  isNew: boolean;
  categories: unknown;
}

export interface ClassifiedReport {
  report: {
    reportId: string;
    period: { start: string | null; end: string | null };
    previousReportId: string | null;
    jurisdictionCount: number;
    unresolvedCount: number;
    classifiedAt: string;
  };
  jurisdictions: { entity: JurisdictionEntity; appearance: Appearance }[];
  unresolved: { raw: string; section: string; state: string | null; reason: string }[];
  dropped: JurisdictionEntity[];
}

export interface StoredEstimate {
  reportId: string;
  jurisdictionId: string;
  entity: JurisdictionEntity;
  declinedCount: number;
  policyListed: boolean;
  exposure: Exposure;
  estimatedAt: string;
}
export interface ReportExposure {
  reportId: string;
  note: string;
  jurisdictions: StoredEstimate[];
}

export interface JurisdictionHistory {
  entity: JurisdictionEntity;
  listed: boolean;
  firstSeen: { reportId: string; periodEnd: string | null; at: string } | null;
  appearances: Appearance[];
  droppedIn: { reportId: string; periodEnd: string | null; previousReportId: string }[];
}

export interface ExposureAnswer {
  jurisdiction: { query: string; id: string; entity: JurisdictionEntity | null };
  exposure: Exposure;
}

import {
  answerOrNull,
  type UpstreamClient,
  type UpstreamUnavailableError,
} from '../upstream/upstream.client';
import { reportMap, type AtRisk, type ReportMap } from '../views/report-map';
import type { ClassifiedReport, ReportExposure } from '../views/upstream-shapes';

/** What the classifier and the estimator have recorded for one report (null where they have nothing yet). */
export interface PipelineSummary {
  classified: {
    jurisdictions: number;
    unresolved: number;
    /** Listed now but not in the previous report of the series. */
    newlyListed: number;
    /** Listed in the previous report but not in this one. */
    dropped: number;
    previousReportId: string | null;
  } | null;
  estimated: { jurisdictions: number; atRisk: AtRisk } | null;
}

export interface ReportPipeline {
  summary: PipelineSummary;
  classified: ClassifiedReport | null;
  exposure: ReportExposure | null;
  /** The services that gave no answer; what they would have added is null above. */
  unavailable: UpstreamUnavailableError[];
}

/**
 * Reads a report's classification and estimates from their services. Reports do not change once every
 * jurisdiction has its estimate, so complete summaries are cached; incomplete ones are read again next time.
 */
export class ReportPipelineReader {
  private readonly complete = new Map<string, PipelineSummary>();

  constructor(private readonly upstream: UpstreamClient) {}

  async read(reportId: string): Promise<ReportPipeline> {
    const unavailable: UpstreamUnavailableError[] = [];
    const [c, x] = await Promise.all([
      answerOrNull(
        this.upstream.call<ClassifiedReport>('jurisdiction-classifier', `/reports/${reportId}/jurisdictions`),
        unavailable,
      ),
      answerOrNull(
        this.upstream.call<ReportExposure>('grant-exposure', `/exposure/report/${reportId}`),
        unavailable,
      ),
    ]);
    const classified = c?.status === 200 ? c.body : null;
    const exposure = x?.status === 200 ? x.body : null;
    const summary = summarize(classified, exposure);
    if (summary.classified && summary.estimated?.jurisdictions === summary.classified.jurisdictions)
      this.remember(reportId, summary);
    return { summary, classified, exposure, unavailable };
  }

  async summary(reportId: string): Promise<Pick<ReportPipeline, 'summary' | 'unavailable'>> {
    const known = this.complete.get(reportId);
    return known ? { summary: known, unavailable: [] } : this.read(reportId);
  }

  map(p: ReportPipeline): ReportMap | null {
    return p.classified ? reportMap(p.classified, p.exposure) : null;
  }

  private remember(reportId: string, s: PipelineSummary) {
    this.complete.set(reportId, s);
    if (this.complete.size > 1000) this.complete.delete(this.complete.keys().next().value as string);
  }
}

export function summarize(c: ClassifiedReport | null, x: ReportExposure | null): PipelineSummary {
  let atRisk: AtRisk | null = null;
  for (const e of x?.jurisdictions ?? []) {
    const cents = e.exposure.totalCents;
    atRisk ??= { cents: null, status: e.exposure.totalStatus, estimates: 0 };
    atRisk.estimates += 1;
    if (cents !== null) atRisk.cents = (atRisk.cents ?? 0) + cents;
    if (e.exposure.totalStatus !== 'exact' || cents === null) atRisk.status = 'partial';
  }
  if (atRisk && atRisk.cents === null) atRisk.status = 'unknown';
  return {
    classified: c && {
      jurisdictions: c.report.jurisdictionCount,
      unresolved: c.report.unresolvedCount,
      newlyListed: c.jurisdictions.filter((j) => j.appearance.isNew).length,
      dropped: c.dropped.length,
      previousReportId: c.report.previousReportId,
    },
    estimated: atRisk && { jurisdictions: atRisk.estimates, atRisk },
  };
}

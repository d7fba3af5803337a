import { Controller, Get, Inject, NotFoundException, Param, Query, UseFilters } from '@nestjs/common';
import { z } from 'zod';
import { ProgressTracker } from '../progress/progress-tracker';
import { UPSTREAM, type UpstreamClient } from '../upstream/tokens';
import { answerOrNull, type UpstreamUnavailableError } from '../upstream/upstream.client';
import type {
  ExtractorPage,
  ExtractorSummary,
  FetcherReport,
  FetcherReportPage,
  FetcherSources,
} from '../views/upstream-shapes';
import { ReportPipelineReader } from './report-pipeline';
import { parseRequest, reportIdOf } from './request';
import { UpstreamErrorFilter } from './upstream-error.filter';

const ListQuery = z.object({
  limit: z.coerce.number().int('limit must be a whole number').min(1).max(50).default(20),
});
const RowsQuery = z.object({
  section: z.enum(['I', 'II', 'III'], { error: 'section must be I, II or III' }),
});

/** One line of the report list: what each service knows of the report, merged by report id. */
function reportLine(id: string, fetched: FetcherReport | undefined, extracted: ExtractorSummary | undefined) {
  return {
    reportId: id,
    title: extracted?.title ?? null,
    period: extracted?.period ?? { start: null, end: null },
    source: {
      kind: fetched?.source.kind ?? extracted?.source.kind ?? null,
      url: fetched?.source.url ?? extracted?.source.url ?? null,
      fileName: fetched?.source.fileName ?? null,
    },
    fetchedAt: fetched?.fetchedAt ?? extracted?.fetchedAt ?? null,
    sizeBytes: fetched?.sizeBytes ?? extracted?.sizeBytes ?? null,
    supersedes: fetched?.supersedes ?? extracted?.supersedes ?? null,
    extraction: extracted
      ? {
          status: extracted.status,
          rejection: extracted.rejection,
          pageCount: extracted.pageCount,
          detainersIssued: extracted.detainersIssued,
          rowCounts: extracted.rowCounts,
          warnings: extracted.warnings,
          extractedAt: extracted.extractedAt,
        }
      : null,
  };
}

@Controller('api/reports')
@UseFilters(UpstreamErrorFilter)
export class ReportsController {
  constructor(
    @Inject(UPSTREAM) private readonly upstream: UpstreamClient,
    @Inject(ReportPipelineReader) private readonly pipeline: ReportPipelineReader,
    @Inject(ProgressTracker) private readonly tracker: ProgressTracker,
  ) {}

  /** Newest reports (by period, then fetch time) with their counts, warnings and pipeline steps. */
  @Get()
  async list(@Query() query: unknown) {
    const { limit } = parseRequest(ListQuery, 'query', query);
    // The list shows what the services that answer know; one that is down (restarting, say) is named instead.
    const down: UpstreamUnavailableError[] = [];
    const [f, x, s] = await Promise.all([
      answerOrNull(this.upstream.call<FetcherReportPage>('report-fetcher', `/reports?limit=${limit}`), down),
      answerOrNull(this.upstream.call<ExtractorPage>('pdf-extractor', `/reports?limit=${limit}`), down),
      answerOrNull(this.upstream.call<FetcherSources>('report-fetcher', '/sources'), down),
    ]);
    const fetched = new Map((f?.status === 200 ? f.body.items : []).map((r) => [r.reportId, r]));
    const extracted = new Map((x?.status === 200 ? x.body.items : []).map((r) => [r.reportId, r]));
    const ids = [
      ...new Set([...fetched.keys(), ...extracted.keys(), ...this.tracker.all().map((p) => p.reportId)]),
    ];
    const lines = ids.map((id) => reportLine(id, fetched.get(id), extracted.get(id)));
    lines.sort(
      (a, b) =>
        (b.period.end ?? '').localeCompare(a.period.end ?? '') ||
        (b.fetchedAt ?? '9').localeCompare(a.fetchedAt ?? '9'),
    );
    const page = lines.slice(0, limit);
    const reports = await Promise.all(
      page.map(async (line) => {
        if (line.extraction?.status !== 'extracted')
          return { ...line, pipeline: null, progress: this.tracker.get(line.reportId) };
        const { summary, unavailable } = await this.pipeline.summary(line.reportId);
        down.push(...unavailable);
        return { ...line, pipeline: summary, progress: this.tracker.get(line.reportId) };
      }),
    );
    return {
      reports,
      unavailable: [
        ...(f && f.status !== 200 ? [`report-fetcher answered ${f.status}`] : []),
        ...(x && x.status !== 200 ? [`pdf-extractor answered ${x.status}`] : []),
        ...new Set(down.map((e) => `${e.upstream} gave no answer (${e.kind})`)),
      ],
      sources: (s?.status === 200 ? s.body.sources : []).map((src) => ({
        id: src.id,
        kind: src.config.kind,
        where: src.config.url ?? src.config.path ?? null,
        enabled: src.config.enabled,
        failing: src.failing,
        lastSuccessAt: src.lastSuccessAt,
        lastError: src.lastError,
        nextRunAt: src.nextRunAt,
      })),
      generatedAt: new Date().toISOString(),
    };
  }

  /** Everything the report page shows: the report, its jurisdictions with estimates, and the map figures. */
  @Get(':id')
  async one(@Param('id') raw: string) {
    const id = reportIdOf(raw);
    const [f, x, p] = await Promise.all([
      this.upstream.call<FetcherReport>('report-fetcher', `/reports/${id}`),
      this.upstream.call<ExtractorSummary>('pdf-extractor', `/reports/${id}`),
      this.pipeline.read(id),
    ]);
    // The report page needs the whole report: a missing part is an error (502) that names the service.
    if (p.unavailable.length > 0) throw p.unavailable[0];
    const progress = this.tracker.get(id);
    if (f.status !== 200 && x.status !== 200 && !progress)
      throw new NotFoundException({ error: 'not_found', message: `no service knows a report with id ${id}` });
    const estimates = new Map((p.exposure?.jurisdictions ?? []).map((e) => [e.jurisdictionId, e.exposure]));
    return {
      ...reportLine(id, f.status === 200 ? f.body : undefined, x.status === 200 ? x.body : undefined),
      pipeline: p.summary,
      progress,
      exposureNote: p.exposure?.note ?? null,
      jurisdictions: (p.classified?.jurisdictions ?? []).map(({ entity, appearance }) => ({
        entity,
        rawNames: appearance.rawNames,
        declined: appearance.declinedCount,
        highestVolume: appearance.highestVolumeCount,
        policyListed: appearance.policyListed,
        isNew: appearance.isNew,
        exposure: estimates.get(entity.id) ?? null,
      })),
      dropped: p.classified?.dropped ?? [],
      unresolved: p.classified?.unresolved ?? [],
      map: this.pipeline.map(p),
    };
  }

  /** One section's rows as the extractor read them, each with the PDF page it starts on. */
  @Get(':id/rows')
  async rows(@Param('id') raw: string, @Query() query: unknown) {
    const id = reportIdOf(raw);
    const { section } = parseRequest(RowsQuery, 'query', query);
    const r = await this.upstream.call<{ rows: unknown[] }>(
      'pdf-extractor',
      `/reports/${id}/rows?section=${section}`,
    );
    if (r.status === 404) throw new NotFoundException({ error: 'not_found', message: messageOf(r.body) });
    if (r.status !== 200) throw new NotFoundException({ error: 'not_available', message: messageOf(r.body) });
    return {
      reportId: id,
      section,
      rows: r.body.rows,
      source: `pdf-extractor GET /reports/${id}/rows?section=${section}`,
    };
  }
}

export function messageOf(body: unknown): string {
  const m = (body as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : Array.isArray(m) ? m.join('; ') : 'no details';
}

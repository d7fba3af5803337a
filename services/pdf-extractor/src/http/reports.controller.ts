import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import type { ReportsRepository } from '../reports/reports.repository';
import { REPORTS_REPOSITORY } from '../tokens';
import { InvalidRequest, parseListQuery, parseReportId, parseRowsQuery } from './report-query';
import { rowsCsv, sectionRows, summaryView } from './report-views';

function validated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InvalidRequest) throw new BadRequestException(err.message);
    throw err;
  }
}

/** Read-only view of what the extractor recorded. */
@Controller('reports')
export class ReportsController {
  constructor(@Inject(REPORTS_REPOSITORY) private readonly reports: ReportsRepository) {}

  @Get()
  async list(@Query() query: Record<string, unknown>) {
    const q = validated(() => parseListQuery(query));
    const page = await this.reports.list(q);
    return { items: page.items.map(summaryView), total: page.total, limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  async summary(@Param('id') raw: string) {
    const id = validated(() => parseReportId(raw));
    const report = await this.reports.findSummary(id);
    if (!report) throw notFound(id);
    return summaryView(report);
  }

  @Get(':id/extract')
  async extract(@Param('id') raw: string) {
    return this.extractOf(validated(() => parseReportId(raw)));
  }

  @Get(':id/rows')
  async rows(
    @Param('id') raw: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const id = validated(() => parseReportId(raw));
    const q = validated(() => parseRowsQuery(query));
    const extract = await this.extractOf(id);
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${id}-section-${q.section}.csv"`);
      return rowsCsv(extract, q.section);
    }
    const rows = sectionRows(extract, q.section);
    return { reportId: id, section: q.section, rowCount: rows.length, rows };
  }

  private async extractOf(id: string) {
    const report = await this.reports.findWithExtract(id);
    if (!report) throw notFound(id);
    if (!report.extract) {
      throw new NotFoundException(
        `report ${id} was rejected (${report.reason}) and has no extract: ${report.message ?? ''}`.trim(),
      );
    }
    return report.extract;
  }
}

const notFound = (id: string) =>
  new NotFoundException(`no report ${id} has been extracted or rejected by this service`);

import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  Inject,
  NotFoundException,
  Param,
  Query,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Response } from 'express';
import { ReportId } from '@detainer-watch/contracts';
import { APP_CONFIG } from '@detainer-watch/service-kit';
import type { Components } from '../components';
import type { ServiceConfig } from '../config';
import { federalFiscalYear } from '@detainer-watch/grant-exposure';
import { estimatesToCsv } from '../exposure/report-csv';
import { ClassifierUnavailable } from '../resolution/classifier.client';
import { JurisdictionNotResolved } from '../usecases/estimate-exposure/get-exposure';
import { COMPONENTS } from '../tokens';
import { ExposureQuery, parseInput } from './query-params';

@Controller('exposure')
export class ExposureController {
  constructor(
    @Inject(COMPONENTS) private readonly components: Components,
    @Inject(APP_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** One jurisdiction's estimate with its lines and sources; fy defaults to the current federal fiscal year. */
  @Get()
  async exposure(@Query() query: Record<string, unknown>) {
    const q = parseInput(ExposureQuery, query);
    try {
      return await this.components.getExposure.execute({
        jurisdiction: q.jurisdiction,
        fiscalYears: q.fy ??
          this.config.EXPOSURE_FISCAL_YEARS ?? [federalFiscalYear(new Date().toISOString().slice(0, 10))],
        programs: q.programs ?? this.config.EXPOSURE_PROGRAMS,
        clawbackYears: q.clawback ?? this.config.EXPOSURE_CLAWBACK_YEARS,
      });
    } catch (err) {
      if (err instanceof RangeError) throw new BadRequestException(err.message);
      if (err instanceof JurisdictionNotResolved) {
        throw new NotFoundException({
          statusCode: 404,
          error: 'Not Found',
          message: err.message,
          candidates: err.candidates,
        });
      }
      if (err instanceof ClassifierUnavailable) {
        throw new ServiceUnavailableException(
          `${err.message}; a jurisdiction id (state:09) or FIPS code (0937000) needs no classifier`,
        );
      }
      throw err;
    }
  }

  /** Every jurisdiction estimated for a report, largest amount at risk first, unknown last; CSV on request. */
  @Get('report/:reportId')
  async report(
    @Param('reportId') reportId: string,
    @Query('format') format: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!ReportId.safeParse(reportId).success) {
      throw new BadRequestException(`reportId "${reportId}" is not a report id (64 lower-case hex digits)`);
    }
    if (format !== undefined && format !== 'csv' && format !== 'json') {
      throw new BadRequestException(`format must be csv or json, got "${format}"`);
    }
    const estimates = await this.components.estimates.listForReport(reportId);
    if (estimates.length === 0) throw new NotFoundException(`no estimates for report ${reportId}`);
    const csv = format === 'csv' || (format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (csv) {
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="exposure-${reportId.slice(0, 12)}.csv"`);
      return estimatesToCsv(estimates);
    }
    return {
      reportId,
      estimate: true,
      note: 'estimates of money at risk, not amounts withheld; an unknown total is null, never 0',
      jurisdictions: estimates,
    };
  }
}

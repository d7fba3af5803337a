import {
  BadRequestException,
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { InvalidCursorError } from '../checking/fetcher.ports';
import { FetchError } from '../errors';
import { FetcherRuntime } from '../fetcher.runtime';
import { receiveUpload, UploadRequestError } from './upload-body';

const ReportIdParam = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a report id is the sha256 of the PDF: 64 lower-case hex digits');

const ListQuery = z.object({
  limit: z.coerce.number().int('limit must be a whole number').min(1).max(100).default(20),
  cursor: z.string().min(1).optional(),
});

const zodMessage = (e: z.ZodError) =>
  e.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');

@Controller('reports')
export class ReportsController {
  constructor(@Inject(FetcherRuntime) private readonly runtime: FetcherRuntime) {}

  /** Newest first; `nextCursor` pages on to older reports. */
  @Get()
  async list(@Query() query: Record<string, unknown>) {
    const q = ListQuery.safeParse(query);
    if (!q.success) throw new BadRequestException(zodMessage(q.error));
    try {
      return await this.runtime.reports.list({ limit: q.data.limit, cursor: q.data.cursor ?? null });
    } catch (e) {
      if (e instanceof InvalidCursorError) throw new BadRequestException(e.message);
      throw e;
    }
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const p = ReportIdParam.safeParse(id);
    if (!p.success) throw new BadRequestException(`"${id}" is not a report id: ${p.error.issues[0].message}`);
    const report = await this.runtime.reports.findById(id);
    if (!report) throw new NotFoundException(`no report with id ${id}`);
    return report;
  }

  /**
   * Upload a PDF: multipart field `file`, or the raw bytes as application/pdf. 201 with the new report, 200 with the
   * existing one when these bytes are already known.
   */
  @Post()
  async upload(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const maxBytes = this.runtime.config.http.maxPdfBytes;
    try {
      const r = await receiveUpload(req, maxBytes, (data, name) =>
        this.runtime.checker.ingestUpload(data, name),
      );
      res.status(r.outcome === 'new_report' ? HttpStatus.CREATED : HttpStatus.OK);
      return { ...r, report: await this.runtime.reports.findById(r.reportId) };
    } catch (e) {
      if (!req.complete) discardRest(req);
      throw toHttpError(e);
    }
  }
}

/**
 * The rest of a refused body is read and dropped, not stored. Answering with "Connection: close" instead made Node
 * close the socket as soon as the answer was out, with the client's data still arriving: the kernel then resets the
 * connection and the client can lose the answer (seen as EPIPE in the bad-input corpus). A client that keeps sending
 * longer than a few seconds is cut off.
 */
function discardRest(req: Request): void {
  req.resume();
  const timer = setTimeout(() => req.socket.destroy(), 5000);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.socket.once('close', () => clearTimeout(timer));
}

function toHttpError(e: unknown): unknown {
  if (e instanceof UploadRequestError) return new HttpException(e.message, e.status);
  if (!(e instanceof FetchError)) return e;
  switch (e.code) {
    case 'too_large':
      return new HttpException(e.message, HttpStatus.PAYLOAD_TOO_LARGE);
    case 'empty':
    case 'truncated':
      return new BadRequestException(e.message);
    case 'not_pdf':
    case 'html_instead_of_pdf':
      return new UnprocessableEntityException(e.message);
    default:
      return e;
  }
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { ReportRecord } from '../checking/fetcher.ports';

export interface UploadReportResult {
  reportId: string;
  /** `new_report` (HTTP 201): stored and announced; `duplicate` (HTTP 200): these bytes were already a report. */
  outcome: 'new_report' | 'duplicate';
  report: ReportRecord | null;
}

/** The service refused the upload or could not be reached; `status` is the HTTP status, null when unreachable. */
export class UploadReportError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'UploadReportError';
  }
}

/**
 * Uploads a PDF to a running report-fetcher (`POST <baseUrl>/reports`, the file streamed as the raw
 * application/pdf body), for `detainer-watch upload <file>`. Resolves with the report id whether the report is new
 * or already known; rejects with an UploadReportError carrying the service's reason (too large, not a PDF, ...).
 */
export async function uploadReport(baseUrl: string, filePath: string): Promise<UploadReportResult> {
  let size: number;
  try {
    const s = await stat(filePath);
    if (!s.isFile()) throw new Error('not a regular file');
    size = s.size;
  } catch (e) {
    throw new UploadReportError(`cannot read ${filePath}: ${(e as Error).message}`, null);
  }
  const url = `${baseUrl.replace(/\/+$/, '')}/reports`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(size),
        'x-file-name': encodeURIComponent(basename(filePath)),
      },
      body: Readable.toWeb(createReadStream(filePath)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    throw new UploadReportError(
      `cannot reach the report-fetcher at ${url}: ${cause ?? (e as Error).message}`,
      null,
    );
  }
  const text = await res.text();
  let body: { message?: unknown } & Partial<UploadReportResult> = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    /* an error page from something in between: reported with its status below */
  }
  if (res.status === 200 || res.status === 201) {
    if (typeof body.reportId !== 'string')
      throw new UploadReportError(`${url} answered ${res.status} without a report id`, res.status);
    return { reportId: body.reportId, outcome: body.outcome ?? 'duplicate', report: body.report ?? null };
  }
  const reason = Array.isArray(body.message) ? body.message.join('; ') : body.message;
  throw new UploadReportError(
    `${basename(filePath)} was refused (HTTP ${res.status}): ${typeof reason === 'string' ? reason : text.slice(0, 300) || res.statusText}`,
    res.status,
  );
}

import { extractReport, ExtractionRejected, preparePdfReader } from '@detainer-watch/extraction';
import type { ExtractionOutcome, ExtractionRequest, ReportExtractor } from './report-extractor';

/** Extracts on the calling thread (EXTRACTOR_WORKER_THREADS=false, and the reference the worker is tested against). */
export class InlineExtractor implements ReportExtractor {
  /** Loads pdf.js before the service reports ready, as the worker pool does. */
  onModuleInit(): Promise<void> {
    return preparePdfReader();
  }

  async extract(bytes: Uint8Array, request: ExtractionRequest): Promise<ExtractionOutcome> {
    try {
      const extract = await extractReport(bytes, { maxPages: request.maxPages, reportId: request.reportId });
      return { kind: 'extracted', extract };
    } catch (err) {
      if (err instanceof ExtractionRejected)
        return { kind: 'rejected', reason: err.reason, message: err.message };
      throw err;
    }
  }
}

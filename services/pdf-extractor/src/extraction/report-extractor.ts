import type { ReportExtract } from '@detainer-watch/contracts';
import type { RejectionReason } from '@detainer-watch/extraction';

/** What reading one PDF ended in. Anything else (a bug, a timeout, a crashed worker) is thrown and retried. */
export type ExtractionOutcome =
  | { kind: 'extracted'; extract: ReportExtract }
  | { kind: 'rejected'; reason: RejectionReason; message: string };

export interface ExtractionRequest {
  reportId: string;
  maxPages: number;
}

/** Turns PDF bytes into a ReportExtract or a rejection. CPU-heavy: never called inside a DB transaction. */
export interface ReportExtractor {
  extract(bytes: Uint8Array, request: ExtractionRequest): Promise<ExtractionOutcome>;
}

import type { ReportRejectedV1 } from '@detainer-watch/contracts';

/** Why a PDF was refused. `too_large` is decided before extraction (by byte size), so the extractor never raises it. */
export type RejectionReason = Exclude<ReportRejectedV1['reason'], 'too_large'>;

/** The PDF cannot be read as a DDOR at all. The message names the problem; the reason maps onto ReportRejectedV1. */
export class ExtractionRejected extends Error {
  override readonly name = 'ExtractionRejected';

  constructor(
    readonly reason: RejectionReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

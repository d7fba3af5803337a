import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventOf, Subjects } from '@detainer-watch/contracts';
import type { EventPatternExtras } from '@detainer-watch/messaging';
import { NOTIFIER_RUNTIME } from '../api/tokens';
import type { NotifierRuntime } from '../runtime';
import { type ReceiveEstimateResult, receiveEstimate } from '../usecases/receive-estimate';

/**
 * Consumer settings. Sending a report's alerts can take a while (SMTP retries within a run); the bus signals
 * progress while the handler runs, so the ack wait needs no padding for it. Temporary SMTP failures do not fail the
 * handler: they are recorded and retried by the retry sweep with its own backoff, so a mail outage never
 * dead-letters an estimate; the handler fails (and the bus retries it) only when storing or reading state fails.
 * Estimates arrive in any order and are counted per report, so many are handled at once, which lets the inbox
 * commit them in groups instead of one transaction each.
 */
export const estimateConsumerOptions: EventPatternExtras = {
  maxDeliver: 10,
  concurrency: 32,
  backoffMs: [1_000, 5_000, 15_000, 60_000],
};

@Controller()
export class EstimateConsumer {
  constructor(@Inject(NOTIFIER_RUNTIME) private readonly rt: NotifierRuntime) {}

  @EventPattern(Subjects.GrantExposureEstimated, estimateConsumerOptions)
  async onEstimate(
    @Payload() event: EventOf<typeof Subjects.GrantExposureEstimated>,
  ): Promise<ReceiveEstimateResult> {
    const result = await receiveEstimate(event, this.rt.estimateDeps);
    // eventId and reportId come from the event context service-kit's interceptor sets around handlers
    this.rt.logger.info(
      {
        duplicate: result.duplicate,
        received: result.received,
        total: result.total,
        sent: result.alerts?.sent.length,
        failed: result.alerts?.failed.length,
        skipped: result.alerts?.skipped.length,
      },
      result.alerts ? 'report complete: alerts processed' : 'estimate stored; report incomplete',
    );
    return result;
  }
}

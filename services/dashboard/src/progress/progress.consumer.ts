import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Subjects, type EventOf } from '@detainer-watch/contracts';
import { ProgressTracker } from './progress-tracker';

/**
 * The dashboard's own durable consumers (`dashboard_<subject>`), never the pipeline's. They only feed the in-memory
 * tracker, so handling is idempotent and nothing is written: a redelivery changes nothing.
 */
@Controller()
export class ProgressConsumer {
  constructor(@Inject(ProgressTracker) private readonly tracker: ProgressTracker) {}

  @EventPattern(Subjects.ReportFetched)
  async fetched(@Payload() e: EventOf<typeof Subjects.ReportFetched>) {
    this.tracker.apply(Subjects.ReportFetched, e);
  }

  @EventPattern(Subjects.ReportFetchFailed)
  async fetchFailed(@Payload() e: EventOf<typeof Subjects.ReportFetchFailed>) {
    this.tracker.apply(Subjects.ReportFetchFailed, e);
  }

  @EventPattern(Subjects.ReportExtracted)
  async extracted(@Payload() e: EventOf<typeof Subjects.ReportExtracted>) {
    this.tracker.apply(Subjects.ReportExtracted, e);
  }

  @EventPattern(Subjects.ReportRejected)
  async rejected(@Payload() e: EventOf<typeof Subjects.ReportRejected>) {
    this.tracker.apply(Subjects.ReportRejected, e);
  }

  @EventPattern(Subjects.JurisdictionClassified, { concurrency: 8 })
  async classified(@Payload() e: EventOf<typeof Subjects.JurisdictionClassified>) {
    this.tracker.apply(Subjects.JurisdictionClassified, e);
  }

  @EventPattern(Subjects.GrantExposureEstimated, { concurrency: 8 })
  async estimated(@Payload() e: EventOf<typeof Subjects.GrantExposureEstimated>) {
    this.tracker.apply(Subjects.GrantExposureEstimated, e);
  }

  @EventPattern(Subjects.AlertSent)
  async alertSent(@Payload() e: EventOf<typeof Subjects.AlertSent>) {
    this.tracker.apply(Subjects.AlertSent, e);
  }

  @EventPattern(Subjects.AlertFailed)
  async alertFailed(@Payload() e: EventOf<typeof Subjects.AlertFailed>) {
    this.tracker.apply(Subjects.AlertFailed, e);
  }
}

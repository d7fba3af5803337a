import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Subjects } from '@detainer-watch/contracts';
import { BusExceptionFilter } from '@detainer-watch/messaging';
import { CLASSIFY } from '../tokens';
import type {
  ClassifyExtractedReport,
  ReportExtractedEvent,
} from '../usecases/classify-report/classify-extracted-report';

/**
 * The bus has validated the envelope against the contract before the handler runs and acks after it returns; a
 * failure is retried with backoff, then dead-lettered with the handler's own error (BusExceptionFilter).
 */
@Controller()
@UseFilters(new BusExceptionFilter())
export class ReportExtractedController {
  constructor(@Inject(CLASSIFY) private readonly classify: ClassifyExtractedReport) {}

  @EventPattern(Subjects.ReportExtracted)
  async onReportExtracted(@Payload() event: ReportExtractedEvent): Promise<void> {
    await this.classify.handle(event);
  }
}

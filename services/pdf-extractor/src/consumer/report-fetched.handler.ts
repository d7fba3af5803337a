import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PATTERN_EXTRAS_METADATA } from '@nestjs/microservices/constants';
import { Subjects, type EventOf } from '@detainer-watch/contracts';
import { BusExceptionFilter, type EventPatternExtras } from '@detainer-watch/messaging';
import type { ExtractorSettings } from '../config';
import { EXTRACT_REPORT } from '../tokens';
import type { ExtractReportUseCase } from '../usecases/extract-report/extract-report.usecase';

/**
 * report.fetched → extract → report.extracted + detainer.declined, or report.rejected. A thrown error is retried by
 * the bus and finally dead-lettered with the error's own message (BusExceptionFilter).
 */
@Controller()
@UseFilters(new BusExceptionFilter())
export class ReportFetchedHandler {
  constructor(@Inject(EXTRACT_REPORT) private readonly extractReport: ExtractReportUseCase) {}

  @EventPattern(Subjects.ReportFetched)
  async handle(@Payload() event: EventOf<typeof Subjects.ReportFetched>): Promise<void> {
    await this.extractReport.execute(event);
  }
}

export const consumerSettings = (s: ExtractorSettings): EventPatternExtras => ({
  concurrency: s.EXTRACTOR_CONCURRENCY,
  maxDeliver: s.EXTRACTOR_MAX_DELIVER,
});

/**
 * `@EventPattern` options are fixed when the class is declared, but concurrency and max deliveries come
 * from the environment. Nest hands the transport the very object stored as the handler's pattern-extras metadata,
 * and BusTransport reads it only when it starts consuming (after providers are built), so filling that object in
 * from the loaded config, in place, is what makes these variables take effect.
 */
export function applyConsumerSettings(s: ExtractorSettings): void {
  const extras = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, ReportFetchedHandler.prototype.handle) as
    Record<string, unknown> | undefined;
  if (!extras) throw new Error('ReportFetchedHandler.handle carries no @EventPattern metadata');
  Object.assign(extras, consumerSettings(s));
}

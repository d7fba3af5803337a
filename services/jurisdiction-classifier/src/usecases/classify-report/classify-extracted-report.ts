import {
  createEvent,
  Subjects,
  type EventOf,
  type JurisdictionClassification,
} from '@detainer-watch/contracts';
import { runWithEventContext, type Logger } from '@detainer-watch/logging';
import { durableName } from '@detainer-watch/messaging';
import { Inbox, type Outbox } from '@detainer-watch/persistence';
import { classifyReport } from '@detainer-watch/report-analysis';
import type { DataSource } from 'typeorm';
import { SERVICE_NAME } from '../../config';
import type { JurisdictionDirectory } from '../../gazetteer/jurisdiction-directory';
import type { HistoryRepository, ReportToRecord } from '../../history/history.repository';

export type ReportExtractedEvent = EventOf<typeof Subjects.ReportExtracted>;

/** The inbox consumer name, the same as the durable consumer's. */
export const REPORT_EXTRACTED_CONSUMER = durableName(SERVICE_NAME, Subjects.ReportExtracted);

/** `${reportId}:${entityId}`: one jurisdiction.classified per jurisdiction and report, whatever redelivers. */
export const classifiedEventId = (reportId: string, entityId: string): string => `${reportId}:${entityId}`;

export type ClassifyOutcome =
  | { status: 'duplicate' }
  | { status: 'already_classified' }
  | {
      status: 'classified';
      jurisdictions: number;
      unresolved: number;
      dropped: number;
      previousReportId: string | null;
      enqueued: number;
    };

/**
 * report.extracted → the report's jurisdictions. Resolution runs before the transaction (CPU only); the history, the
 * unresolved names, the inbox record and one jurisdiction.classified per jurisdiction then commit together.
 */
export class ClassifyExtractedReport {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: JurisdictionDirectory,
    private readonly history: HistoryRepository,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {}

  handle(event: ReportExtractedEvent): Promise<ClassifyOutcome> {
    const context = { eventId: event.id, reportId: event.data.reportId, subject: Subjects.ReportExtracted };
    return runWithEventContext(context, () => this.classify(event));
  }

  private async classify(event: ReportExtractedEvent): Promise<ClassifyOutcome> {
    const { reportId, extract, supersedes, sourceUrl, extractedAt } = event.data;
    await this.directory.refresh();
    const previous = await this.history.findPrevious({
      reportId,
      supersedes,
      periodEnd: extract.periodEnd,
    });

    const started = performance.now();
    const result = classifyReport(extract, this.directory.resolver, {
      previous: previous?.entityIds ?? new Set(),
      previousReportId: previous?.reportId ?? null,
      sourceUrl,
    });
    const classifyMs = Math.round(performance.now() - started);
    const jurisdictions = result.jurisdictions.map((j) => ({
      ...j,
      eventId: classifiedEventId(reportId, j.entity.id),
    }));
    const listed = new Set(jurisdictions.map((j) => j.entity.id));
    const dropped = previous ? [...previous.entityIds].filter((id) => !listed.has(id)).sort() : [];
    const events = jurisdictions.map(({ eventId, ...classification }) =>
      this.classifiedEvent(eventId, classification),
    );
    const report: ReportToRecord = {
      reportId,
      periodStart: extract.periodStart,
      periodEnd: extract.periodEnd,
      sourceUrl,
      supersedes,
      previousReportId: previous?.reportId ?? null,
      extractedAt,
    };

    const outcome = await Inbox.processOnce(
      this.dataSource,
      REPORT_EXTRACTED_CONSUMER,
      event.id,
      async (manager): Promise<ClassifyOutcome> => {
        const counts = { jurisdictions: jurisdictions.length, unresolved: result.unresolved.length };
        if (!(await this.history.recordReport(manager, report, counts)))
          return { status: 'already_classified' };
        await this.history.recordAppearances(manager, report, jurisdictions);
        if (previous) await this.history.recordDropped(manager, reportId, previous.reportId, dropped);
        await this.history.recordUnresolved(manager, reportId, result.unresolved);
        const enqueued = await this.outbox.enqueueAll(
          manager,
          events.map((e) => ({ subject: Subjects.JurisdictionClassified, event: e })),
        );
        return {
          status: 'classified',
          jurisdictions: jurisdictions.length,
          unresolved: result.unresolved.length,
          dropped: dropped.length,
          previousReportId: previous?.reportId ?? null,
          enqueued,
        };
      },
    );
    if (outcome.duplicate) {
      this.logger.info('report.extracted already processed; nothing done');
      return { status: 'duplicate' };
    }
    if (outcome.value.status === 'already_classified') {
      this.logger.warn('report already classified under another report.extracted event; nothing done');
    } else {
      this.logger.info({ ...outcome.value, classifyMs }, 'report classified');
    }
    return outcome.value;
  }

  private classifiedEvent(id: string, classification: JurisdictionClassification) {
    return createEvent(Subjects.JurisdictionClassified, {
      id,
      source: SERVICE_NAME,
      subject: classification.entity.id,
      reportId: classification.report.reportId,
      data: { schemaVersion: 1, ...classification },
    });
  }
}

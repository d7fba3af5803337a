import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Subjects, type EventOf, type ReportExtract, type ReportFetchedV1 } from '@detainer-watch/contracts';
import { runWithEventContext, type Logger } from '@detainer-watch/logging';
import { durableName, type BlobStore } from '@detainer-watch/messaging';
import { Inbox, type Outbox, type OutboxEntry } from '@detainer-watch/persistence';
import type { ExtractorSettings } from '../../config';
import type { ReportExtractor } from '../../extraction/report-extractor';
import { ReportRecord, type RejectionReason } from '../../reports/report.entity';
import type { ReportsRepository } from '../../reports/reports.repository';
import {
  extractedEvents,
  HEADER_ALLOWANCE_BYTES,
  outboxEntries,
  rejectedEvent,
  SERVICE_NAME,
  wireBytes,
} from './report-events';

/** The inbox consumer name: one per (service, subject), like the durable. */
export const INBOX_CONSUMER = durableName(SERVICE_NAME, Subjects.ReportFetched);

export type ExtractReportResult =
  | { outcome: 'extracted'; declinedRows: number }
  | { outcome: 'rejected'; reason: RejectionReason }
  /** this report.fetched was processed before (redelivery) */
  | { outcome: 'duplicate_event' }
  /** the report was recorded from another report.fetched (fetched twice): nothing is published again */
  | { outcome: 'already_recorded' };

export interface ExtractReportDeps {
  dataSource: DataSource;
  blobs: BlobStore;
  reports: ReportsRepository;
  outbox: Outbox;
  extractor: ReportExtractor;
  settings: Pick<
    ExtractorSettings,
    'EXTRACTOR_MAX_PAGES' | 'EXTRACTOR_MAX_PDF_BYTES' | 'EXTRACTOR_MAX_EVENT_BYTES'
  >;
  logger: Logger;
  clock?: () => Date;
}

/** The bytes a report.fetched points at are not (or not yet) in the object store: retried, then dead-lettered. */
export class ReportBytesMissing extends Error {
  override readonly name = 'ReportBytesMissing';
}

/** The object store holds other bytes than the report id says: an infrastructure fault, never a report property. */
export class ReportBytesMismatch extends Error {
  override readonly name = 'ReportBytesMismatch';
}

/** `sizeBytes`: of the bytes read, or as announced when the report was refused without reading it. */
type Decision = { sizeBytes: number } & (
  | { kind: 'extracted'; extract: ReportExtract }
  | { kind: 'rejected'; reason: RejectionReason; message: string; extract: ReportExtract | null }
);

const MIB = 1024 * 1024;
const mib = (n: number) => `${(n / MIB).toFixed(1)} MiB`;

/**
 * Handles one report.fetched: reads the PDF from the object store, extracts it (before any transaction), then
 * records the report, the inbox entry and the outgoing events in one transaction. Failures that another attempt
 * may fix (bytes missing, database down, a crashed worker) are thrown, so the bus retries and finally dead-letters.
 */
export class ExtractReportUseCase {
  private readonly clock: () => Date;

  constructor(private readonly deps: ExtractReportDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  execute(event: EventOf<typeof Subjects.ReportFetched>): Promise<ExtractReportResult> {
    return runWithEventContext(
      { eventId: event.id, reportId: event.data.reportId, subject: Subjects.ReportFetched },
      () => this.run(event),
    );
  }

  private async run(event: EventOf<typeof Subjects.ReportFetched>): Promise<ExtractReportResult> {
    const fetched = event.data;
    const log = this.deps.logger;
    if (await this.deps.reports.has(fetched.reportId)) {
      log.info(
        'report already recorded (fetched again or redelivered); nothing is extracted or published again',
      );
      return { outcome: 'already_recorded' };
    }
    const started = performance.now();
    const decision = await this.decide(fetched);
    const at = this.clock();
    const { record, entries } = this.plan(event, decision, at);
    const result = await Inbox.processOnce(
      this.deps.dataSource,
      INBOX_CONSUMER,
      event.id,
      async (manager) => {
        if (!(await this.deps.reports.insertIfNew(manager, record))) return false;
        await this.deps.outbox.enqueueAll(manager, entries);
        return true;
      },
    );
    if (result.duplicate) {
      log.info('report.fetched already processed (redelivery); nothing done');
      return { outcome: 'duplicate_event' };
    }
    if (!result.value) {
      log.info('report recorded concurrently from another report.fetched; nothing published again');
      return { outcome: 'already_recorded' };
    }
    const ms = Math.round(performance.now() - started);
    if (decision.kind === 'extracted') {
      const x = decision.extract;
      log.info(
        {
          pages: x.pageCount,
          sectionI: x.highestVolume.length,
          sectionII: x.declined.length,
          sectionIII: x.policies.length,
          warnings: x.warnings.length,
          ms,
        },
        'report extracted',
      );
      return { outcome: 'extracted', declinedRows: x.declined.length };
    }
    log.warn({ reason: decision.reason, rejection: decision.message, ms }, 'report rejected');
    return { outcome: 'rejected', reason: decision.reason };
  }

  /** Everything that does not need the database: size checks, reading the bytes, extraction. */
  private async decide(fetched: ReportFetchedV1): Promise<Decision> {
    const s = this.deps.settings;
    const tooLarge = (size: number): Decision => ({
      kind: 'rejected',
      reason: 'too_large',
      message: `the PDF is ${size} bytes (${mib(size)}); at most ${s.EXTRACTOR_MAX_PDF_BYTES} bytes are accepted`,
      extract: null,
      sizeBytes: size,
    });
    if (fetched.sizeBytes > s.EXTRACTOR_MAX_PDF_BYTES) return tooLarge(fetched.sizeBytes);
    const bytes = await this.deps.blobs.get(fetched.objectKey);
    if (bytes === null) {
      throw new ReportBytesMissing(
        `report ${fetched.reportId}: no bytes under object key '${fetched.objectKey}' in the object store`,
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== fetched.reportId) {
      throw new ReportBytesMismatch(
        `report ${fetched.reportId}: the ${bytes.length} bytes under object key '${fetched.objectKey}' have ` +
          `sha256 ${sha256}, not the report id`,
      );
    }
    if (bytes.length > s.EXTRACTOR_MAX_PDF_BYTES) return tooLarge(bytes.length);

    const outcome = await this.deps.extractor.extract(bytes, {
      reportId: fetched.reportId,
      maxPages: s.EXTRACTOR_MAX_PAGES,
    });
    if (outcome.kind === 'rejected') return { ...outcome, extract: null, sizeBytes: bytes.length };
    return { kind: 'extracted', extract: outcome.extract, sizeBytes: bytes.length };
  }

  private plan(
    event: EventOf<typeof Subjects.ReportFetched>,
    decision: Decision,
    at: Date,
  ): { record: ReportRecord; entries: OutboxEntry[] } {
    const fetched = event.data;
    if (decision.kind === 'extracted') {
      const { extracted, declined } = extractedEvents(fetched, decision.extract, at);
      const size = wireBytes(extracted);
      const limit = this.deps.settings.EXTRACTOR_MAX_EVENT_BYTES - HEADER_ALLOWANCE_BYTES;
      if (size <= limit) {
        return {
          record: this.record(event, decision, at),
          entries: outboxEntries(extracted, declined),
        };
      }
      // Publishing a part would tell subscribers the report has fewer rows than it has; reject it whole instead.
      const x = decision.extract;
      return this.plan(
        event,
        {
          kind: 'rejected',
          reason: 'too_large',
          message:
            `the extract (${x.pageCount} pages, ${x.declined.length} Section II rows) makes a report.extracted ` +
            `event of ${size} bytes, more than the ${limit} bytes a NATS message may carry here ` +
            '(EXTRACTOR_MAX_EVENT_BYTES less room for headers); the extract is kept and served by ' +
            `GET /reports/${fetched.reportId}/extract`,
          extract: x,
          sizeBytes: decision.sizeBytes,
        },
        at,
      );
    }
    return {
      record: this.record(event, decision, at),
      entries: [{ subject: Subjects.ReportRejected, event: rejectedEvent(fetched, decision, at) }],
    };
  }

  private record(event: EventOf<typeof Subjects.ReportFetched>, decision: Decision, at: Date): ReportRecord {
    const f = event.data;
    const x = decision.extract;
    return Object.assign(new ReportRecord(), {
      reportId: f.reportId,
      status: decision.kind,
      reason: decision.kind === 'rejected' ? decision.reason : null,
      message: decision.kind === 'rejected' ? decision.message : null,
      pageCount: x?.pageCount ?? null,
      title: x?.title ?? null,
      periodStart: x?.periodStart ?? null,
      periodEnd: x?.periodEnd ?? null,
      detainersIssued: x?.detainersIssued ?? null,
      highestVolumeCount: x?.highestVolume.length ?? null,
      declinedCount: x?.declined.length ?? null,
      policyCount: x?.policies.length ?? null,
      warnings: x?.warnings ?? [],
      extract: x,
      sourceId: f.source.id,
      sourceKind: f.source.kind,
      sourceUrl: f.source.url,
      objectKey: f.objectKey,
      sizeBytes: decision.sizeBytes,
      supersedes: f.supersedes,
      fetchedEventId: event.id,
      fetchedAt: new Date(f.fetchedAt),
      extractedAt: at,
    } satisfies ReportRecord);
  }
}

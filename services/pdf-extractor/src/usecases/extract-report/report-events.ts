import {
  createEvent,
  Subjects,
  type EventOf,
  type ReportExtract,
  type ReportFetchedV1,
  type ReportRejectedV1,
} from '@detainer-watch/contracts';
import type { OutboxEntry } from '@detainer-watch/persistence';

export const SERVICE_NAME = 'pdf-extractor';

/** Deterministic ids: the same report always yields the same events, so re-processing never doubles one. */
export const EventIds = {
  extracted: (reportId: string) => `${reportId}:extracted`,
  rejected: (reportId: string) => `${reportId}:rejected`,
  declined: (reportId: string, rowIndex: number) => `${reportId}:${rowIndex}`,
};

/**
 * Room left for the NATS headers (Nats-Msg-Id, Ce-Id, Ce-Type, Ce-Reportid: about 300 bytes), which count against
 * the server's max_payload together with the body.
 */
export const HEADER_ALLOWANCE_BYTES = 1024;

/** report.extracted, and one detainer.declined per Section II row in printed order. */
export function extractedEvents(
  fetched: ReportFetchedV1,
  extract: ReportExtract,
  at: Date,
): {
  extracted: EventOf<typeof Subjects.ReportExtracted>;
  declined: EventOf<typeof Subjects.DetainerDeclined>[];
} {
  const { reportId } = fetched;
  const sourceUrl = fetched.source.url;
  const extracted = createEvent(Subjects.ReportExtracted, {
    id: EventIds.extracted(reportId),
    source: SERVICE_NAME,
    reportId,
    subject: reportId,
    time: at,
    data: {
      schemaVersion: 1,
      reportId,
      sourceUrl,
      supersedes: fetched.supersedes,
      extract,
      extractedAt: at.toISOString(),
    },
  });
  const period = { start: extract.periodStart, end: extract.periodEnd };
  const rowCount = extract.declined.length;
  const declined = extract.declined.map((row, rowIndex) =>
    createEvent(Subjects.DetainerDeclined, {
      id: EventIds.declined(reportId, rowIndex),
      source: SERVICE_NAME,
      reportId,
      subject: `${reportId}:${rowIndex}`,
      time: at,
      data: {
        schemaVersion: 1,
        reportId,
        rowIndex,
        rowCount,
        period,
        sourceUrl,
        state: row.state,
        county: row.county,
        facility: row.facility,
        citizenship: row.citizenship,
        notableCriminalActivity: row.notableCriminalActivity,
        detainerIssued: row.detainerIssued,
        detainerDeclined: row.detainerDeclined,
        page: row.page,
      },
    }),
  );
  return { extracted, declined };
}

export function rejectedEvent(
  fetched: ReportFetchedV1,
  rejection: { reason: ReportRejectedV1['reason']; message: string },
  at: Date,
): EventOf<typeof Subjects.ReportRejected> {
  return createEvent(Subjects.ReportRejected, {
    id: EventIds.rejected(fetched.reportId),
    source: SERVICE_NAME,
    reportId: fetched.reportId,
    subject: fetched.reportId,
    time: at,
    data: {
      schemaVersion: 1,
      reportId: fetched.reportId,
      sourceUrl: fetched.source.url,
      reason: rejection.reason,
      message: rejection.message,
      rejectedAt: at.toISOString(),
    },
  });
}

/** Bytes of the envelope on the wire (the bus sends JSON, UTF-8). */
export const wireBytes = (event: unknown): number => Buffer.byteLength(JSON.stringify(event), 'utf8');

export function outboxEntries(
  extracted: EventOf<typeof Subjects.ReportExtracted>,
  declined: EventOf<typeof Subjects.DetainerDeclined>[],
): OutboxEntry[] {
  // report.extracted first: a subscriber that sees a row can already look its report up.
  return [
    { subject: Subjects.ReportExtracted, event: extracted },
    ...declined.map((event) => ({ subject: Subjects.DetainerDeclined, event })),
  ];
}

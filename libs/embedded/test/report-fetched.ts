import { createEvent, Subjects, type EventOf } from '@detainer-watch/contracts';

/** A `report.fetched` as the fetcher publishes it for a PDF dropped into the inbox. */
export function reportFetched(
  reportId: string,
  fileName = 'week1.pdf',
): EventOf<typeof Subjects.ReportFetched> {
  return createEvent(Subjects.ReportFetched, {
    id: `report.fetched:${reportId}`,
    source: 'report-fetcher',
    reportId,
    data: {
      schemaVersion: 1,
      reportId,
      objectKey: reportId,
      sizeBytes: 76_117,
      contentType: 'application/pdf',
      source: { id: 'inbox', kind: 'inbox', url: null, fileName },
      etag: null,
      lastModified: null,
      fetchedAt: '2026-11-23T12:00:00.000Z',
      supersedes: null,
    },
  });
}

import { parseEvent, Subjects, type ReportExtract, type ReportFetchedV1 } from '@detainer-watch/contracts';
import { extractedEvents, outboxEntries, rejectedEvent, wireBytes } from './report-events';

const reportId = 'b'.repeat(64);
const fetched: ReportFetchedV1 = {
  schemaVersion: 1,
  reportId,
  objectKey: `${reportId}.pdf`,
  sizeBytes: 1000,
  contentType: 'application/pdf',
  source: { id: 'ice', kind: 'index', url: 'https://www.ice.gov/ddor-1.pdf', fileName: null },
  etag: null,
  lastModified: null,
  fetchedAt: '2017-02-06T12:00:00.000Z',
  supersedes: 'c'.repeat(64),
};
const row = (county: string, page: number) => ({
  state: 'TX',
  county,
  facility: `${county} County Jail`,
  citizenship: 'Mexico',
  notableCriminalActivity: 'DUI',
  detainerIssued: '2017-01-30',
  detainerDeclined: null,
  page,
});
const extract: ReportExtract = {
  reportId,
  title: 'Declined Detainer Outcome Report',
  periodStart: '2017-01-28',
  periodEnd: null,
  detainersIssued: 3083,
  pageCount: 4,
  highestVolume: [],
  declined: [row('Travis', 2), row('Dallas', 3)],
  policies: [],
  warnings: [],
};
const at = new Date('2017-02-06T12:05:00.000Z');

describe('extractedEvents', () => {
  const { extracted, declined } = extractedEvents(fetched, extract, at);

  it('report.extracted carries the whole extract, source and supersedes, with id <reportId>:extracted', () => {
    expect(parseEvent(Subjects.ReportExtracted, JSON.parse(JSON.stringify(extracted)))).toEqual(extracted);
    expect(extracted.id).toBe(`${reportId}:extracted`);
    expect(extracted.reportid).toBe(reportId);
    expect(extracted.data).toEqual({
      schemaVersion: 1,
      reportId,
      sourceUrl: 'https://www.ice.gov/ddor-1.pdf',
      supersedes: 'c'.repeat(64),
      extract,
      extractedAt: at.toISOString(),
    });
  });

  it('one detainer.declined per Section II row, id <reportId>:<rowIndex>, with rowCount, period and page', () => {
    expect(declined.map((e) => e.id)).toEqual([`${reportId}:0`, `${reportId}:1`]);
    expect(declined[1].data).toEqual({
      schemaVersion: 1,
      reportId,
      rowIndex: 1,
      rowCount: 2,
      period: { start: '2017-01-28', end: null },
      sourceUrl: 'https://www.ice.gov/ddor-1.pdf',
      ...row('Dallas', 3),
    });
    for (const e of declined)
      expect(parseEvent(Subjects.DetainerDeclined, JSON.parse(JSON.stringify(e)))).toEqual(e);
  });

  it('is deterministic apart from the time it is given', () => {
    expect(extractedEvents(fetched, extract, at)).toEqual({ extracted, declined });
  });

  it('enqueues report.extracted before the rows', () => {
    expect(outboxEntries(extracted, declined).map((e) => e.subject)).toEqual([
      Subjects.ReportExtracted,
      Subjects.DetainerDeclined,
      Subjects.DetainerDeclined,
    ]);
  });

  it('measures the envelope as the bus sends it', () => {
    expect(wireBytes(extracted)).toBe(Buffer.from(JSON.stringify(extracted)).length);
  });
});

describe('rejectedEvent', () => {
  it('has id <reportId>:rejected and the reason and message', () => {
    const e = rejectedEvent(fetched, { reason: 'encrypted', message: 'the PDF is encrypted' }, at);
    expect(e.id).toBe(`${reportId}:rejected`);
    expect(e.data).toEqual({
      schemaVersion: 1,
      reportId,
      sourceUrl: 'https://www.ice.gov/ddor-1.pdf',
      reason: 'encrypted',
      message: 'the PDF is encrypted',
      rejectedAt: at.toISOString(),
    });
  });
});

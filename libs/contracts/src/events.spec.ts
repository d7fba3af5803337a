import { ContractViolation, createEvent, parseEvent } from './events';
import { Subjects } from './subjects';

const reportId = 'b'.repeat(64);
const rejected = () =>
  createEvent(Subjects.ReportRejected, {
    id: `${reportId}:rejected`,
    source: 'pdf-extractor',
    reportId,
    time: new Date('2017-03-20T12:00:00Z'),
    data: {
      schemaVersion: 1,
      reportId,
      sourceUrl: null,
      reason: 'encrypted',
      message: 'the PDF is password-protected',
      rejectedAt: '2017-03-20T12:00:00.000Z',
    },
  });

describe('createEvent / parseEvent', () => {
  it('wraps a payload in a CloudEvents 1.0 envelope that parses back unchanged', () => {
    const e = rejected();
    expect(e).toMatchObject({
      specversion: '1.0',
      source: '/detainer-watch/pdf-extractor',
      type: 'org.detainerwatch.report.rejected.v1',
      time: '2017-03-20T12:00:00.000Z',
      reportid: reportId,
    });
    expect(parseEvent(Subjects.ReportRejected, JSON.parse(JSON.stringify(e)))).toEqual(e);
  });

  it('names every offending field when a message breaks its contract', () => {
    const raw = { ...rejected(), data: { ...rejected().data, reason: 'bored', reportId: 'nope' } };
    let error: unknown;
    try {
      parseEvent(Subjects.ReportRejected, raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractViolation);
    expect((error as Error).message).toMatch(/data\.reason/);
    expect((error as Error).message).toMatch(/data\.reportId/);
  });

  it('refuses an envelope of another subject', () => {
    expect(() => parseEvent(Subjects.DetainerDeclined, rejected())).toThrow(ContractViolation);
  });
});

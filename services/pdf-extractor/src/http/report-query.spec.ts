import { InvalidRequest, parseListQuery, parseReportId, parseRowsQuery } from './report-query';

describe('request validation', () => {
  it('accepts a sha256 report id and names anything else', () => {
    expect(parseReportId('0'.repeat(64))).toBe('0'.repeat(64));
    expect(() => parseReportId('ABC')).toThrow(
      new InvalidRequest(
        "'ABC' is not a report id: expected the sha256 of the PDF bytes, 64 lower-case hex digits",
      ),
    );
  });

  it('rows: section required, format json by default', () => {
    expect(parseRowsQuery({ section: 'II' })).toEqual({ section: 'II', format: 'json' });
    expect(() => parseRowsQuery({})).toThrow('section must be I, II or III');
    expect(() => parseRowsQuery({ section: 'II', format: 'xls' })).toThrow('format must be json or csv');
  });

  it('list: limit 1-200 (default 50), offset >= 0, optional status', () => {
    expect(parseListQuery({})).toEqual({ limit: 50, offset: 0 });
    expect(parseListQuery({ limit: '10', offset: '20', status: 'rejected' })).toEqual({
      limit: 10,
      offset: 20,
      status: 'rejected',
    });
    expect(() => parseListQuery({ limit: '500' })).toThrow('limit must be a whole number from 1 to 200');
    expect(() => parseListQuery({ offset: '-1' })).toThrow('offset must be a whole number, 0 or more');
    expect(() => parseListQuery({ status: 'pending' })).toThrow('status must be extracted or rejected');
  });
});

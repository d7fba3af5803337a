import { federalFiscalYear, reportFiscalYears } from './fiscal-year';

describe('federal fiscal years', () => {
  it('starts a fiscal year on 1 October', () => {
    expect(federalFiscalYear('2016-09-30')).toBe(2016);
    expect(federalFiscalYear('2016-10-01')).toBe(2017);
    expect(() => federalFiscalYear('March 2017')).toThrow(/not a YYYY-MM-DD date/);
  });

  it("gives a report's period one year, two across 1 October, none when no period is printed", () => {
    expect(reportFiscalYears({ start: '2017-01-28', end: '2017-02-03' })).toEqual([2017]);
    expect(reportFiscalYears({ start: '2017-09-28', end: '2017-10-04' })).toEqual([2017, 2018]);
    expect(reportFiscalYears({ start: null, end: '2017-03-17' })).toEqual([2017]);
    expect(reportFiscalYears({ start: null, end: null })).toEqual([]);
  });
});

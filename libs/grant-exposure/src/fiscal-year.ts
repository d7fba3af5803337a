/** The federal fiscal year of an ISO date: FY2017 runs from 1 October 2016 to 30 September 2017. */
export function federalFiscalYear(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(isoDate);
  if (!m) throw new Error(`federalFiscalYear: "${isoDate}" is not a YYYY-MM-DD date`);
  const year = Number(m[1]);
  return Number(m[2]) >= 10 ? year + 1 : year;
}

/**
 * The fiscal years a report falls in: that of the period's end (a week never spans two fiscal years but for the
 * one that contains 1 October, which gets both), or the start when only that is printed; none when neither is.
 */
export function reportFiscalYears(period: { start: string | null; end: string | null }): number[] {
  const years = [period.start, period.end].filter((d): d is string => d !== null).map(federalFiscalYear);
  return [...new Set(years)].sort((a, b) => a - b);
}

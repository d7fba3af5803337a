import type { Line } from '../layout/types';
import { isoDate, monthNumber } from '../text/dates';

const MONTH = '([A-Z][a-z]+\\.?)';
const DASH = '\\s*[\\u2013\\u2014-]+\\s*';
/** "Jan. 28 – Feb. 3, 2017", "January 28, 2017 – February 3, 2017" */
const RANGE = new RegExp(
  `${MONTH}\\s+(\\d{1,2})(?:,?\\s+(\\d{4}))?,?${DASH}${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})`,
);
/** "between January 28, 2017, and February 3, 2017" */
const BETWEEN = new RegExp(
  `between\\s+${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4}),?\\s+and\\s+${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})`,
);

export interface Period {
  start: string | null;
  end: string | null;
}

function period(
  m1: string,
  d1: string,
  y1: string | undefined,
  m2: string,
  d2: string,
  y2: string,
): Period | null {
  const startMonth = monthNumber(m1);
  const endMonth = monthNumber(m2);
  if (startMonth === null || endMonth === null) return null;
  const endYear = Number(y2);
  // The AP form prints the start year only when it differs: "Dec. 30, 2016 – Jan. 5, 2017".
  const startYear = y1 ? Number(y1) : startMonth > endMonth ? endYear - 1 : endYear;
  const start = isoDate(startYear, startMonth, Number(d1));
  const end = isoDate(endYear, endMonth, Number(d2));
  return start && end ? { start, end } : null;
}

/** Reads the period from a title-block line or, failing that, the summary's "between ... and ..." sentence. */
export function findPeriod(lines: readonly Line[]): Period | null {
  for (const line of lines) {
    const m = RANGE.exec(line.text);
    if (m) {
      const p = period(m[1], m[2], m[3], m[4], m[5], m[6]);
      if (p) return p;
    }
  }
  const text = lines.map((l) => l.text).join(' ');
  const m = BETWEEN.exec(text);
  return m ? period(m[1], m[2], m[3], m[4], m[5], m[6]) : null;
}

const TITLE = /\bdeclined\s+detainer(?:\s+outcome)?\s+report\b/i;

/** The report title line as printed ("Weekly Declined Detainer Outcome Report"), or null. */
export function findTitle(lines: readonly Line[]): Line | null {
  return lines.find((l) => TITLE.test(l.text)) ?? null;
}

/** "ICE issued 3,083 detainers": the national total in Section I's sentence. */
export function findDetainersIssued(lines: readonly Line[]): number | null {
  const text = lines.map((l) => l.text).join(' ');
  const m = /\bissued\s+(\d{1,3}(?:,\d{3})+|\d+)\s+detainers\b/i.exec(text);
  return m ? Number(m[1].replace(/,/g, '')) : null;
}

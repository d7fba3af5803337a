const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** YYYY-MM-DD when year/month/day name a real calendar day, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1900 || year > 2100) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A table date as printed ("12/21/2015", or already "2015-12-21") to YYYY-MM-DD; null when not a calendar date. */
export function parseTableDate(printed: string): string | null {
  const text = printed.trim();
  let m = /^(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})$/.exec(text);
  if (m) return isoDate(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

/** Month number from a full or abbreviated English month name ("Jan.", "January", "Sept"); null otherwise. */
export function monthNumber(name: string): number | null {
  const key = name.toLowerCase().replace(/\.$/, '');
  const short = key.slice(0, key.startsWith('sept') ? 4 : 3);
  const month = MONTHS[short];
  if (month === undefined) return null;
  const full = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    timeZone: 'UTC',
  });
  return full.toLowerCase().startsWith(key) ? month : null;
}

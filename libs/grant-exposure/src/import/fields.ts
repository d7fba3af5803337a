import { GrantProgram, ProgramCfda } from '@detainer-watch/contracts';
import type { RecipientType } from '../ledger/ledger-row';
import { parseDollarsToCents } from '../money';

const programByCfda = new Map(
  Object.entries(ProgramCfda).map(([program, cfda]) => [cfda, program as GrantProgram]),
);

/** JAG, SCAAP or COPS for a CFDA number ("16.738", "16.71" as spreadsheets print it), else null. */
export function programForCfda(cfda: string): GrantProgram | null {
  const match = /^(\d{2})\.(\d{1,3})$/.exec(cfda.trim());
  if (!match) return null;
  return programByCfda.get(`${match[1]}.${match[2].padEnd(3, '0')}`) ?? null;
}

/** A fiscal year printed as four digits, with the field name in the error. */
export function parseFiscalYear(
  text: string | undefined,
  field: string,
): { year: number } | { error: string } {
  const value = (text ?? '').trim();
  if (!/^\d{4}$/.test(value)) return { error: `${field} "${value}" is not a four-digit year` };
  const year = Number(value);
  if (year < 1990 || year > 2100) return { error: `${field} ${year} is out of range` };
  return { year };
}

/** Federal fiscal year of an ISO date: FY N runs from October 1 of N-1 to September 30 of N. */
export function fiscalYearOfDate(
  text: string | undefined,
  field: string,
): { year: number } | { error: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec((text ?? '').trim());
  if (!match) return { error: `${field} "${text ?? ''}" is not a YYYY-MM-DD date` };
  const year = Number(match[1]);
  return { year: Number(match[2]) >= 10 ? year + 1 : year };
}

export function parseAmount(text: string | undefined, field: string): { cents: number } | { error: string } {
  const parsed = parseDollarsToCents(text ?? '');
  return 'error' in parsed ? { error: `${field}: ${parsed.error}` } : parsed;
}

export function parseState(text: string | undefined, field: string): { state: string } | { error: string } {
  const state = (text ?? '').trim().toUpperCase();
  return /^[A-Z]{2}$/.test(state)
    ? { state }
    : { error: `${field} "${text ?? ''}" is not a two-letter state code` };
}

/** Government type from a source's own wording ("County", "Municipal", "CITY OR TOWNSHIP GOVERNMENT", "Parish"). */
export function recipientTypeFromText(text: string): RecipientType | null {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  if (/\bstate\b|commonwealth/.test(value)) return 'state';
  if (/county|parish|borough government/.test(value)) return 'county';
  if (/city|municipal|village|consolidated/.test(value)) return 'city';
  if (/town|township|borough/.test(value)) return 'town';
  if (/special district/.test(value)) return 'special_district';
  if (/tribal|tribe|indian|native/.test(value)) return 'tribe';
  return 'other';
}

/** Government type from a recipient's name when the source has no type column ("City of Hartford", "Cook County"). */
export function recipientTypeFromName(name: string): RecipientType {
  const value = name.trim().toLowerCase();
  if (/^(state|commonwealth) of\b/.test(value)) return 'state';
  if (/\b(county|parish)\b/.test(value)) return 'county';
  if (/^(city|village) of\b|\bcity$|\bcity of\b/.test(value)) return 'city';
  if (/^town(ship)? of\b|\btown(ship)?$/.test(value)) return 'town';
  return 'other';
}

/**
 * Parsers for the public Census files (and third-party copies of them) listed in shared/data/gazetteer/SOURCES.md.
 * Each takes the decoded file text and returns plain rows; the quirks of each copy are handled here and nowhere else.
 */
import { parse } from 'csv-parse/sync';

export class CensusFormatError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`${file}, line ${line}: ${problem}`);
    this.name = 'CensusFormatError';
  }
}

/** Splits on CRLF, LF or CR-only line endings (ctpop.csv uses old-Mac CR). */
function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
}

function csvRows(text: string): string[][] {
  // csv-parse does not accept CR-only endings, so the text is re-joined with LF first.
  return parse(lines(text).join('\n'), { relax_column_count: true, relax_quotes: true }) as string[][];
}

function digits(value: string, width: number, file: string, line: number, field: string): string {
  const v = value.trim();
  if (!/^\d+$/.test(v) || v.length > width) {
    throw new CensusFormatError(file, line, `${field} should be up to ${width} digits, got "${value}"`);
  }
  return v.padStart(width, '0');
}

/**
 * The third-party conversion replaced every non-ASCII letter ("ñ", "í", "á") by the same three bytes (read as latin-1:
 * U+0095 U+00C0 "_"), so the letter cannot be recovered from this file alone. It becomes U+FFFD, and the snapshot
 * builder takes the correct spelling from the Gazetteer file or matches it against the county list.
 */
const MOJIBAKE = /\u0095\u00c0_/g;
export const UNKNOWN_LETTER = '\ufffd';

export function markMojibake(name: string): string {
  return name.replace(MOJIBAKE, UNKNOWN_LETTER);
}

export interface CountyRow {
  usps: string;
  stateFips: string;
  countyFips: string; // 5 digits
  name: string;
  classFp: string;
}

/** national_county.txt: no header; STATE,STATEFP,COUNTYFP,COUNTYNAME,CLASSFP. */
export function parseNationalCounty(text: string, file = 'national_county.txt'): CountyRow[] {
  return csvRows(text).map((r, i) => {
    if (r.length !== 5) throw new CensusFormatError(file, i + 1, `expected 5 columns, got ${r.length}`);
    const stateFips = digits(r[1], 2, file, i + 1, 'STATEFP');
    return {
      usps: r[0].trim(),
      stateFips,
      countyFips: stateFips + digits(r[2], 3, file, i + 1, 'COUNTYFP'),
      name: markMojibake(r[3].trim()),
      classFp: r[4].trim(),
    };
  });
}

/** Gaz_counties_national.txt: tab-separated, header, right-padded last column. Returns GEOID -> POP10. */
export function parseGazCounties(text: string, file = 'Gaz_counties_national.txt'): Map<string, number> {
  const rows = lines(text).map((l) => l.split('\t').map((c) => c.trim()));
  const header = rows[0];
  const geoid = header.indexOf('GEOID');
  const pop = header.indexOf('POP10');
  if (geoid < 0 || pop < 0) throw new CensusFormatError(file, 1, 'header lacks GEOID or POP10');
  const out = new Map<string, number>();
  rows.slice(1).forEach((r, i) => {
    const n = Number(r[pop]);
    if (!Number.isInteger(n))
      throw new CensusFormatError(file, i + 2, `POP10 is not an integer: "${r[pop]}"`);
    out.set(digits(r[geoid], 5, file, i + 2, 'GEOID'), n);
  });
  return out;
}

export type PlaceType = 'Incorporated Place' | 'Census Designated Place' | 'County Subdivision';

export interface PlaceRow {
  usps: string;
  stateFips: string;
  placeFips: string; // 5 digits, without the state
  name: string;
  type: PlaceType;
  funcStat: string;
  countyName: string | null;
}

const PLACE_TYPES: ReadonlySet<string> = new Set([
  'Incorporated Place',
  'Census Designated Place',
  'County Subdivision',
]);

/**
 * national_places.csv (decode as latin-1): STATE,STATEFP,PLACEFP,PLACENAME,TYPE,FUNCSTAT,COUNTY. Two rows carry an
 * unquoted comma in the name ("Islamorada, Village of Islands village"), so a row is re-aligned on its TYPE column.
 */
export function parseNationalPlaces(text: string, file = 'national_places.csv'): PlaceRow[] {
  const rows = csvRows(text);
  if (rows[0]?.[0] !== 'STATE') throw new CensusFormatError(file, 1, 'expected the header STATE,STATEFP,...');
  return rows.slice(1).map((r, i) => {
    const line = i + 2;
    const typeAt = r.findIndex((c, k) => k >= 4 && PLACE_TYPES.has(c.trim()));
    if (typeAt < 0) throw new CensusFormatError(file, line, `no TYPE column among ${JSON.stringify(r)}`);
    const stateFips = digits(r[1], 2, file, line, 'STATEFP');
    const county = (r[typeAt + 2] ?? '').trim();
    return {
      usps: r[0].trim(),
      stateFips,
      placeFips: digits(r[2], 5, file, line, 'PLACEFP'),
      name: markMojibake(r.slice(3, typeAt).join(',').trim()),
      type: r[typeAt].trim() as PlaceType,
      funcStat: (r[typeAt + 1] ?? '').trim(),
      countyName: county === '' ? null : markMojibake(county),
    };
  });
}

/** Gaz_places_national.csv (tab-separated despite its name): GEOID -> NAME, used for correctly spelled names. */
export function parseGazPlaces(text: string, file = 'Gaz_places_national.csv'): Map<string, string> {
  const rows = lines(text).map((l) => l.split('\t'));
  const geoid = rows[0].indexOf('GEOID');
  const name = rows[0].indexOf('NAME');
  if (geoid < 0 || name < 0) throw new CensusFormatError(file, 1, 'header lacks GEOID or NAME');
  const out = new Map<string, string>();
  rows.slice(1).forEach((r, i) => out.set(digits(r[geoid], 7, file, i + 2, 'GEOID'), r[name].trim()));
  return out;
}

/**
 * sub-est2019_all.csv (the SUMLEV 162 derivative): zero-pads STATE+PLACE into a 7-digit GEOID and returns the 2019
 * estimate, falling back to the 2010 census count; rows without a numeric figure are left out (the "A" annotation).
 */
export function parseSubEst(
  text: string,
  file = 'sub-est2019_all.csv',
): Map<string, { population: number; year: number }> {
  const rows = csvRows(text);
  const h = rows[0];
  const col = (name: string) => {
    const k = h.indexOf(name);
    if (k < 0) throw new CensusFormatError(file, 1, `header lacks ${name}`);
    return k;
  };
  const [state, place, est2019, census2010] = [
    col('STATE'),
    col('PLACE'),
    col('POPESTIMATE2019'),
    col('CENSUS2010POP'),
  ];
  const out = new Map<string, { population: number; year: number }>();
  rows.slice(1).forEach((r, i) => {
    const geoid = digits(r[state], 2, file, i + 2, 'STATE') + digits(r[place], 5, file, i + 2, 'PLACE');
    const v2019 = Number(r[est2019]);
    const v2010 = Number(r[census2010]);
    if (r[est2019]?.trim() && Number.isInteger(v2019)) out.set(geoid, { population: v2019, year: 2019 });
    else if (r[census2010]?.trim() && Number.isInteger(v2010))
      out.set(geoid, { population: v2010, year: 2010 });
  });
  return out;
}

/** ctpop.csv (TrendCT, CC BY 4.0; CR line endings): upper-case town name -> 2013 population. */
export function parseCtPop(text: string, file = 'ctpop.csv'): Map<string, number> {
  const rows = csvRows(text);
  if (rows[0]?.[0] !== 'real.town.name')
    throw new CensusFormatError(file, 1, 'expected the header real.town.name,pop2013');
  const out = new Map<string, number>();
  rows.slice(1).forEach((r, i) => {
    const n = Number(r[1]);
    if (!Number.isInteger(n))
      throw new CensusFormatError(file, i + 2, `pop2013 is not an integer: "${r[1]}"`);
    out.set(r[0].trim().toUpperCase(), n);
  });
  return out;
}

export interface StateRow {
  name: string;
  fips: string;
  usps: string;
}

/** us-state-ansi-fips.csv: a "#" comment line, then stname,st,stusps (50 states and DC). */
export function parseStateAnsi(text: string, file = 'us-state-ansi-fips.csv'): StateRow[] {
  const rows = csvRows(
    lines(text)
      .filter((l) => !l.startsWith('#'))
      .join('\n'),
  );
  if (rows[0]?.join(',').replace(/\s/g, '') !== 'stname,st,stusps') {
    throw new CensusFormatError(file, 2, 'expected the header stname,st,stusps after the comment line');
  }
  return rows.slice(1).map((r, i) => ({
    name: r[0].trim(),
    fips: digits(r[1], 2, file, i + 3, 'st'),
    usps: r[2].trim(),
  }));
}

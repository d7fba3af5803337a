import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { stateCode } from './states';

/**
 * Reads the real data in shared/data/ddor (see its SOURCES.md) into the few fields the fixtures use. Names and booking
 * numbers are never read: an inmate is reduced to dates, place of birth and charge descriptions.
 */

export interface TcsoInmate {
  bookingDate: string | null;
  releaseDate: string | null;
  placeOfBirth: string;
  /** charge descriptions as printed by TCSO, trimmed, in file order, without the ICE detainer itself */
  charges: string[];
}

export interface FoiaFacility {
  facility: string;
  city: string;
  state: string;
  /** detainers recorded as "Detainer Declined by LEA", all years */
  declined: number;
}

export interface CisJurisdiction {
  location: string;
  dateEnacted: string;
  policy: string;
  criteria: string;
  designation: 'city' | 'county' | 'state';
}

export interface TracCounty {
  state: string;
  county: string;
  /** detainers sent, all years of the TRAC tool */
  all: number;
}

export interface SourceData {
  /** TCSO: declined on 2017-02-01 and still declined */
  tcsoDeclined: TcsoInmate[];
  /** TCSO: declined on 2017-02-01, reinstated after ICE supplied a warrant */
  tcsoReinstated: TcsoInmate[];
  /** TCSO: honored on 2017-02-01 */
  tcsoHonored: TcsoInmate[];
  foiaFacilities: FoiaFacility[];
  cis: CisJurisdiction[];
  tracCounties: TracCounty[];
}

export class SharedDataMissingError extends Error {
  constructor(readonly dir: string) {
    super(
      `DDOR source data not found in ${dir} (set DDOR_DATA_DIR or check out ../shared next to the repository)`,
    );
  }
}

/** shared/data/ddor beside the repository, or DDOR_DATA_DIR. */
export function sharedDataDir(): string {
  return process.env.DDOR_DATA_DIR ?? resolve(__dirname, '../../../../shared/data/ddor');
}

export function sharedDataAvailable(dir = sharedDataDir()): boolean {
  return existsSync(join(dir, 'statesman_ice-travis-county', 'ICE_ORR_4200_released_as_R217.xlsx'));
}

function isoOf(value: ExcelJS.CellValue): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return null;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  return String(value).replace(/\s+/g, ' ').trim();
}

/**
 * TCSO's block layout: an inmate row, a charge header row ("Authority", "Charge", ...), one row per charge, a blank
 * row. The inmate header ("Booking No" ... "Place of Birth") is printed once, so an inmate row is recognised as the
 * row just above a charge header. Column positions come from the header rows.
 */
export async function readTcsoInmates(file: string): Promise<TcsoInmate[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error(`${file}: no worksheet`);
  const rows: ExcelJS.CellValue[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as ExcelJS.CellValue[]) ?? []));
  const texts = rows.map((values) => Array.from(values, cellText));
  const isChargeHeader = (t: string[] | undefined): boolean =>
    !!t && t.includes('Authority') && t.includes('Charge');
  const header = texts.find((t) => t.includes('Booking Date') && t.includes('Place of Birth'));
  if (!header) throw new Error(`${file}: no inmate header row with "Booking Date" and "Place of Birth"`);
  const col = {
    booking: header.indexOf('Booking Date'),
    release: header.indexOf('Release Date'),
    birth: header.indexOf('Place of Birth'),
  };
  const inmates: TcsoInmate[] = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    if (!isChargeHeader(texts[i + 1])) continue;
    const charges: string[] = [];
    const chargeCol = texts[i + 1].indexOf('Charge');
    for (let j = i + 2; j < rows.length && texts[j].some((t) => t.length > 0); j++) {
      const code = texts[j][chargeCol];
      const literal = texts[j][chargeCol + 1];
      if (code === '4200') continue; // the ICE detainer itself
      if (!literal) throw new Error(`${file} row ${j + 1}: charge row without a description`);
      if (!charges.includes(literal)) charges.push(literal);
    }
    inmates.push({
      bookingDate: isoOf(rows[i][col.booking]),
      releaseDate: col.release > 0 ? isoOf(rows[i][col.release]) : null,
      placeOfBirth: texts[i][col.birth] ?? '',
      charges,
    });
  }
  return inmates;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Record<string, string>[];
}

/** declined_vs_everythingelse.csv: year, facility, city, state, declined count (then unrelated columns) */
export function readFoiaFacilities(file: string): FoiaFacility[] {
  const rows = parse(readFileSync(file), { from_line: 2, relax_column_count: true }) as string[][];
  const byKey = new Map<string, FoiaFacility>();
  for (const [, facility, city, stateName, count] of rows) {
    const state = stateCode(stateName ?? '');
    const declined = Number(count);
    if (!state || !facility || !Number.isFinite(declined) || declined <= 0) continue;
    const key = `${state}|${facility}`;
    const entry = byKey.get(key) ?? {
      facility: facility.trim(),
      city: (city ?? '').trim(),
      state,
      declined: 0,
    };
    entry.declined += declined;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

export function readCis(file: string): CisJurisdiction[] {
  return readCsv(file).map((r, i) => {
    const designation = { '1': 'city', '2': 'county', '3': 'state' }[r['Designation']?.trim() ?? ''];
    if (!designation)
      throw new Error(`${file} row ${i + 2}: Designation "${r['Designation']}" is not 1, 2 or 3`);
    return {
      location: r['Location'].trim(),
      dateEnacted: r['Date Enacted'].trim(),
      policy: r['Policy'].trim(),
      criteria: r['Criteria for Honoring Detainer'].trim(),
      designation: designation as CisJurisdiction['designation'],
    };
  });
}

export function readTracCounties(file: string): TracCounty[] {
  return readCsv(file).flatMap((r) => {
    const state = stateCode(r['State'] ?? '');
    const all = Number((r['All'] ?? '').replace(/,/g, ''));
    if (!state || r['County'] === 'All' || !Number.isFinite(all)) return [];
    return [{ state, county: r['County'].trim(), all }];
  });
}

let cached: Promise<SourceData> | null = null;

/** Loads everything once per process; throws SharedDataMissingError when the folder is absent. */
export function loadSourceData(dir = sharedDataDir()): Promise<SourceData> {
  if (!sharedDataAvailable(dir)) return Promise.reject(new SharedDataMissingError(dir));
  if (!cached) {
    const tcso = (name: string) => readTcsoInmates(join(dir, 'statesman_ice-travis-county', name));
    cached = Promise.all([
      tcso('ICE_ORR_4200_released_as_R217.xlsx'),
      tcso('ICE_ORR_4200_released_01Feb2017_and_Reinstated_with_ICE_Warrant.xlsx'),
      tcso('ICE_ORR_4200_accepted_01Feb2017.xlsx'),
    ]).then(([tcsoDeclined, tcsoReinstated, tcsoHonored]) => ({
      tcsoDeclined,
      tcsoReinstated,
      tcsoHonored,
      foiaFacilities: readFoiaFacilities(
        join(dir, 'nprapps_sanctuary-cities', 'declined_vs_everythingelse.csv'),
      ),
      cis: readCis(join(dir, 'austinbrian_sheriffs', 'CIS_map_sanctuary_cities_counties_states.csv')),
      tracCounties: readTracCounties(
        join(dir, 'austinbrian_sheriffs', 'TRAC_detainers_county_rollup_2017-06-28.csv'),
      ),
    }));
  }
  return cached;
}

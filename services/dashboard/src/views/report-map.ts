import type { JurisdictionEntity, TotalStatus } from '@detainer-watch/contracts';
import { STATE_FIPS } from './state-fips';
import type { ClassifiedReport, ReportExposure } from './upstream-shapes';

/** Money at risk summed over several estimates: null when none of them has a known total (never 0 for unknown). */
export interface AtRisk {
  cents: number | null;
  /** exact: every estimate behind it exact; partial: some unknown or rounded; unknown: no known figure at all. */
  status: TotalStatus;
  estimates: number;
}

export interface MapArea {
  fips: string;
  usps: string;
  /** Section II rows that resolved to jurisdictions in this area (cities and facilities count in their county). */
  declined: number;
  jurisdictions: string[];
  atRisk: AtRisk | null;
}

export interface ReportMap {
  states: MapArea[];
  counties: MapArea[];
  /** Jurisdictions that could not be placed on the county map (no FIPS code and no county parent). */
  unplaced: string[];
  sources: { declined: string; atRisk: string };
}

/** The county an entity belongs to on a county map: itself, or its county parent (cities, towns, facilities). */
export function countyFipsOf(e: JurisdictionEntity, byId: Map<string, JurisdictionEntity>): string | null {
  if (e.type === 'county' && e.fips?.length === 5) return e.fips;
  if (e.type === 'state') return null;
  if (e.fips?.length === 10) return e.fips.slice(0, 5); // county subdivision: state + county + cousub
  const parent = e.parentId ? byId.get(e.parentId) : undefined;
  if (parent) return countyFipsOf(parent, byId);
  const m = /^county:(\d{5})$/.exec(e.parentId ?? '');
  return m ? m[1] : null;
}

function addRisk(into: AtRisk | null, cents: number | null, status: TotalStatus): AtRisk {
  const r = into ?? { cents: null, status: 'unknown' as TotalStatus, estimates: 0 };
  const first = r.estimates === 0;
  r.estimates += 1;
  if (cents !== null) r.cents = (r.cents ?? 0) + cents;
  if (first) r.status = status;
  else if (r.status !== status || status === 'partial') r.status = r.cents === null ? 'unknown' : 'partial';
  if (r.cents !== null && r.status === 'unknown') r.status = 'partial';
  return r;
}

/**
 * Per-state and per-county figures for the report map, from the classifier's jurisdictions (declined counts) and
 * the grant-exposure estimates (money at risk). An area with no estimate has `atRisk: null` ("no estimate"), and an
 * estimate with no known figure has cents null ("unknown"); neither is ever shown as $0.
 */
export function reportMap(classified: ClassifiedReport, exposure: ReportExposure | null): ReportMap {
  const byId = new Map(classified.jurisdictions.map((j) => [j.entity.id, j.entity]));
  const states = new Map<string, MapArea>();
  const counties = new Map<string, MapArea>();
  const unplaced: string[] = [];
  const area = (map: Map<string, MapArea>, fips: string, usps: string) => {
    let a = map.get(fips);
    if (!a) map.set(fips, (a = { fips, usps, declined: 0, jurisdictions: [], atRisk: null }));
    return a;
  };
  const placesOf = (e: JurisdictionEntity) => {
    const stateFips = STATE_FIPS[e.state] ?? e.fips?.slice(0, 2) ?? null;
    const county = countyFipsOf(e, byId);
    return {
      state: stateFips ? area(states, stateFips, e.state) : null,
      county: county ? area(counties, county, e.state) : null,
    };
  };
  for (const { entity, appearance } of classified.jurisdictions) {
    const { state, county } = placesOf(entity);
    for (const a of [state, county]) {
      if (!a) continue;
      a.declined += appearance.declinedCount;
      a.jurisdictions.push(entity.name);
    }
    if (!county && entity.type !== 'state') unplaced.push(`${entity.name}, ${entity.state}`);
  }
  for (const est of exposure?.jurisdictions ?? []) {
    const { state, county } = placesOf(est.entity);
    for (const a of [state, county]) {
      if (a) a.atRisk = addRisk(a.atRisk, est.exposure.totalCents, est.exposure.totalStatus);
    }
  }
  const sorted = (m: Map<string, MapArea>) => [...m.values()].sort((a, b) => a.fips.localeCompare(b.fips));
  return {
    states: sorted(states),
    counties: sorted(counties),
    unplaced,
    sources: {
      declined: `jurisdiction-classifier GET /reports/${classified.report.reportId}/jurisdictions (Section II rows per resolved jurisdiction)`,
      atRisk: `grant-exposure-calculator GET /exposure/report/${classified.report.reportId} (estimates, not amounts withheld)`,
    },
  };
}

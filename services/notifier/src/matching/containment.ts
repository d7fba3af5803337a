import type { JurisdictionEntity } from '@detainer-watch/contracts';
import type { WatchedJurisdiction } from '../watches/watch';

/**
 * Containment is answered with lookup keys rather than pairwise tests, so matching is a few map lookups per
 * jurisdiction whatever the number of watches. A watch is filed under the keys that name it; a reported jurisdiction
 * produces the keys of itself and of every jurisdiction it lies inside.
 *
 * Keys: `id:<entity id>`, `fips:<GEOID>` (the GEOID length tells the level: 2 state, 5 county, 7 place, 10 county
 * subdivision, so the same digits never name two levels) and `usps:<code>` for a state.
 */
export type MatchKey = string;

const idKey = (id: string): MatchKey => `id:${id}`;
const fipsKey = (fips: string): MatchKey => `fips:${fips}`;
const uspsKey = (code: string): MatchKey => `usps:${code}`;

/** The keys a watched jurisdiction is known by. */
export function watchKeys(j: WatchedJurisdiction): MatchKey[] {
  const keys = [idKey(j.id)];
  if (j.fips) keys.push(fipsKey(j.fips));
  if (j.type === 'state') keys.push(uspsKey(j.state));
  return keys;
}

/** The keys of the jurisdiction itself: a watch filed under one of them matches with or without includeChildren. */
export function selfKeys(e: JurisdictionEntity): MatchKey[] {
  const keys = [idKey(e.id)];
  if (e.fips) keys.push(fipsKey(e.fips));
  if (e.type === 'state') keys.push(uspsKey(e.state));
  return keys;
}

const CENSUS_ID = /^(state|county|place|cousub):(\d+)$/;

/** Enclosing GEOIDs implied by a GEOID: a county lies in its state, a county subdivision in its county and state. */
function enclosingFips(geoid: string): string[] {
  switch (geoid.length) {
    case 5:
    case 7:
      return [geoid.slice(0, 2)];
    case 10:
      return [geoid.slice(0, 5), geoid.slice(0, 2)];
    default:
      return [];
  }
}

function enclosingOfId(id: string): MatchKey[] {
  const m = CENSUS_ID.exec(id);
  if (!m) return [];
  return enclosingFips(m[2]!).flatMap((g) => {
    const ids = g.length === 2 ? [idKey(`state:${g}`)] : [idKey(`county:${g}`)];
    return [...ids, fipsKey(g)];
  });
}

/**
 * Keys of every jurisdiction `e` lies inside: its `parentId` chain (followed through `known` entities, e.g. the other
 * jurisdictions of the same report), what its Census id and GEOID imply, and its state. A place is not placed in a
 * county by its code (places cross county lines); only an explicit parentId does that.
 */
export function enclosingKeys(
  e: JurisdictionEntity,
  known: ReadonlyMap<string, JurisdictionEntity>,
): MatchKey[] {
  const keys = new Set<MatchKey>();
  const addImplied = (id: string, fips: string | null): void => {
    for (const k of enclosingOfId(id)) keys.add(k);
    if (fips) for (const g of enclosingFips(fips)) keys.add(fipsKey(g));
  };
  addImplied(e.id, e.fips);
  if (e.type !== 'state') keys.add(uspsKey(e.state));
  const seen = new Set<string>([e.id]);
  let parentId = e.parentId;
  while (parentId && !seen.has(parentId)) {
    seen.add(parentId);
    keys.add(idKey(parentId));
    const parent = known.get(parentId);
    if (parent?.fips) keys.add(fipsKey(parent.fips));
    addImplied(parentId, parent?.fips ?? null);
    parentId = parent?.parentId ?? null;
  }
  for (const k of selfKeys(e)) keys.delete(k);
  return [...keys];
}

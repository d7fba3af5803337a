import type { GrantExposureEstimatedV1, JurisdictionEntity } from '@detainer-watch/contracts';
import type { Watch } from '../watches/watch';
import { type MatchKey, enclosingKeys, selfKeys, watchKeys } from './containment';

/** Confirmed watches filed by the keys that name their jurisdiction; build once, match many jurisdictions. */
export class WatchIndex {
  private readonly exact = new Map<MatchKey, Watch[]>();
  private readonly containing = new Map<MatchKey, Watch[]>();

  constructor(watches: Iterable<Watch>) {
    for (const w of watches) {
      if (w.status !== 'confirmed') continue;
      for (const key of watchKeys(w.jurisdiction)) {
        push(this.exact, key, w);
        if (w.includeChildren) push(this.containing, key, w);
      }
    }
  }

  /** Watches for `e` itself, then includeChildren watches of an enclosing jurisdiction; each watch once. */
  watchesFor(e: JurisdictionEntity, known: ReadonlyMap<string, JurisdictionEntity>): Watch[] {
    const found = new Map<string, Watch>();
    for (const key of selfKeys(e)) for (const w of this.exact.get(key) ?? []) found.set(w.id, w);
    for (const key of enclosingKeys(e, known))
      for (const w of this.containing.get(key) ?? []) found.set(w.id, w);
    return [...found.values()];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Matches the estimates of one report against watches. Returns, for each watch that matched anything, the matched
 * estimates in report order (one entry per watch, so one email per watch and report). Unconfirmed watches never match.
 * Throws when the estimates come from more than one report.
 */
export function matchWatches(
  watches: Iterable<Watch> | WatchIndex,
  reportEstimates: readonly GrantExposureEstimatedV1[],
): Map<string, GrantExposureEstimatedV1[]> {
  const index = watches instanceof WatchIndex ? watches : new WatchIndex(watches);
  const reportIds = new Set(reportEstimates.map((e) => e.classification.report.reportId));
  if (reportIds.size > 1) {
    throw new Error(`matchWatches: estimates of ${reportIds.size} reports given; match one report at a time`);
  }
  const ordered = [...reportEstimates].sort(
    (a, b) => a.classification.position.index - b.classification.position.index,
  );
  const known = new Map(ordered.map((e) => [e.classification.entity.id, e.classification.entity]));
  const result = new Map<string, GrantExposureEstimatedV1[]>();
  const seen = new Set<string>();
  for (const estimate of ordered) {
    const entity = estimate.classification.entity;
    // A redelivered event for the same jurisdiction must not list it twice.
    if (seen.has(entity.id)) continue;
    seen.add(entity.id);
    for (const w of index.watchesFor(entity, known)) push(result, w.id, estimate);
  }
  return result;
}

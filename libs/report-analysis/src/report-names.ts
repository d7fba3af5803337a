import type { DeclinedRow, JurisdictionEntity, ResolutionCandidate } from '@detainer-watch/contracts';
import { HIGH_CONFIDENCE, type ResolveResult, type Resolver } from '@detainer-watch/jurisdictions';

/** The report section a name was printed in. */
export type ReportSection = 'I' | 'II' | 'III';

/** One entity a name (or a Section II row) was attributed to, and the names that led there. */
export interface Attribution {
  entity: JurisdictionEntity;
  confidence: number;
  /** The names as printed that designate this entity: the county column, and a facility the entity runs. */
  rawNames: string[];
  /** Facility ids this row names that the entity runs (their awards, e.g. SCAAP for a jail, are the entity's own). */
  facilityIds: string[];
}

/** A name, or a Section II row, that designates no single jurisdiction. */
export interface Miss {
  candidates: ResolutionCandidate[];
  reason: string;
}

export type Outcome = { attributions: Attribution[] } | { miss: Miss };

const entityOf = (c: ResolutionCandidate): JurisdictionEntity => ({
  id: c.id,
  name: c.name,
  type: c.type,
  state: c.state,
  fips: c.fips,
  parentId: c.parentId,
});

const dedupeCandidates = (list: readonly ResolutionCandidate[]): ResolutionCandidate[] => {
  const best = new Map<string, ResolutionCandidate>();
  for (const c of list) {
    const prior = best.get(c.id);
    if (!prior || prior.confidence < c.confidence) best.set(c.id, c);
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence);
};

/**
 * Resolves the names of one report, each distinct name once: a report repeats the same county on a hundred Section II
 * rows and the same jurisdiction in Sections I, II and III.
 */
export class ReportNames {
  private readonly cache = new Map<string, Outcome>();

  constructor(private readonly resolver: Resolver) {}

  /**
   * A Section I or III name. Section III names carry their state ("Travis County, Texas"); "Iowa City/Johnson County"
   * designates two entities, both listed. A Section I count cannot be split between two entities, so a Section I
   * name that designates several is a miss.
   */
  name(raw: string, section: 'I' | 'III', state?: string): Outcome {
    return this.cached(`${section}\u001f${state ?? ''}\u001f${raw}`, () => {
      const results = this.resolver.resolveAll(raw, { section, state });
      if (results.length > 1 && section === 'I') {
        return {
          miss: {
            candidates: results.flatMap((r) => (r.resolved ? [r.resolved] : [])),
            reason: `names ${results.length} jurisdictions; a Section I count cannot be split between them`,
          },
        };
      }
      const unresolved = results.find((r) => !r.resolved);
      if (unresolved) return { miss: missOf([unresolved]) };
      return {
        attributions: results.map((r) => ({
          entity: entityOf(r.resolved!),
          confidence: r.resolved!.confidence,
          rawNames: [raw],
          facilityIds: [],
        })),
      };
    });
  }

  /**
   * A Section II row counts for one jurisdiction: the one the county column names, as ICE attributes the row.
   * - The facility column is added to that jurisdiction's names when the jurisdiction runs the facility (the alias
   *   table, or the county the facility name contains, says so).
   * - When the county column does not resolve with high confidence (a typo, or a county renamed since, such as
   *   "Dade County") and the facility's operator does, the row counts for the operator.
   * - A blank county column is never replaced by the whole state: a county jail's row is not the state's.
   * - A facility run by another jurisdiction (a city lockup in a county) does not add a second count, so the counts
   *   of a report's jurisdictions add up to its Section II rows less the unresolved ones.
   */
  declinedRow(row: Pick<DeclinedRow, 'state' | 'county' | 'facility'>): Outcome {
    const county = row.county.trim();
    const facility = row.facility.trim();
    return this.cached(`II\u001f${row.state}\u001f${county}\u001f${facility}`, () => {
      const res = this.resolver.resolveSectionIIRow({ state: row.state, county, facility });
      const countyRes = county ? res.jurisdiction : null;
      const facilityRes = res.facility;
      const byCounty = countyRes?.resolved ?? null;
      const fac = facilityRes?.resolved ?? null;
      const operatorId = fac?.type === 'facility' ? fac.parentId : null;
      const operator = operatorId ? this.resolver.gazetteer.byId(operatorId)?.entity : undefined;

      const attribute = (entity: JurisdictionEntity, confidence: number): Outcome => {
        const runsFacility = fac !== null && operatorId === entity.id;
        const facilityNamesIt = runsFacility || fac?.id === entity.id;
        return {
          attributions: [
            {
              entity,
              confidence,
              rawNames: [...new Set([county, facilityNamesIt ? facility : ''].filter((n) => n !== ''))],
              facilityIds: runsFacility ? [fac.id] : [],
            },
          ],
        };
      };
      const high = (c: ResolutionCandidate | null): boolean => c !== null && c.confidence >= HIGH_CONFIDENCE;

      if (byCounty && high(byCounty)) return attribute(entityOf(byCounty), byCounty.confidence);
      if (operator && fac && high(fac)) return attribute(operator, fac.confidence);
      if (byCounty) return attribute(entityOf(byCounty), byCounty.confidence);
      if (operator && fac) return attribute(operator, fac.confidence);
      // A facility name that turned out to be a jurisdiction itself ("Texas DOC" is the state).
      if (!county && fac && fac.type !== 'facility') return attribute(entityOf(fac), fac.confidence);
      return { miss: missOf([countyRes, facilityRes].filter((r): r is ResolveResult => r !== null)) };
    });
  }

  private cached(key: string, compute: () => Outcome): Outcome {
    let outcome = this.cache.get(key);
    if (!outcome) {
      outcome = compute();
      this.cache.set(key, outcome);
    }
    return outcome;
  }
}

function missOf(results: readonly ResolveResult[]): Miss {
  const reasons = results.map((r) => r.reason).filter((r): r is string => r !== null);
  return {
    candidates: dedupeCandidates(results.flatMap((r) => r.candidates)),
    reason: reasons.length > 0 ? reasons.join('; ') : 'no jurisdiction found',
  };
}

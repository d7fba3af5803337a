import type { JurisdictionEntity, JurisdictionType } from '@detainer-watch/contracts';
import { alternatePlaceNames, baseCountyName, basePlaceName } from './names';
import { normalizeName } from './normalize';
import type { GazetteerKind, GazetteerRecord } from './record';

export interface GazetteerEntry {
  entity: JurisdictionEntity;
  kind: GazetteerKind;
  population: number | null;
  funcStat: string | null;
}

const TYPE_OF: Record<GazetteerKind, JurisdictionType> = {
  state: 'state',
  county: 'county',
  incorporated: 'city',
  cdp: 'city',
  cousub: 'town',
};
const ID_PREFIX: Record<GazetteerKind, string> = {
  state: 'state',
  county: 'county',
  incorporated: 'place',
  cdp: 'place',
  cousub: 'cousub',
};

export function entityId(kind: GazetteerKind, fips: string): string {
  return `${ID_PREFIX[kind]}:${fips}`;
}

/**
 * Indexed gazetteer: entities by id, FIPS code, full normalised name ("hartford city") and bare name ("hartford").
 * Built from records only; reading the shipped snapshot is GazetteerFileLoader's job.
 */
export class Gazetteer {
  private readonly byIdMap = new Map<string, GazetteerEntry>();
  private readonly byFipsMap = new Map<string, GazetteerEntry>();
  private readonly fullIndex = new Map<string, GazetteerEntry[]>();
  private readonly baseIndex = new Map<string, GazetteerEntry[]>();
  private readonly statesByKey = new Map<string, GazetteerEntry>();
  private readonly stateByUsps = new Map<string, GazetteerEntry>();
  // Built on the first typo lookup, not at load time.
  private keysByState: Map<string, Set<string>> | null = null;

  constructor(records: readonly GazetteerRecord[]) {
    const stateFipsByUsps = new Map(records.filter((r) => r.kind === 'state').map((r) => [r.usps, r.fips]));
    for (const r of records) {
      const parentFips = r.parentFips ?? (r.kind === 'state' ? null : (stateFipsByUsps.get(r.usps) ?? null));
      const parentKind: GazetteerKind = parentFips?.length === 2 ? 'state' : 'county';
      const entry: GazetteerEntry = {
        entity: {
          id: entityId(r.kind, r.fips),
          name: r.name,
          type: TYPE_OF[r.kind],
          state: r.usps,
          fips: r.fips,
          parentId: parentFips ? entityId(parentKind, parentFips) : null,
        },
        kind: r.kind,
        population: r.population,
        funcStat: r.funcStat,
      };
      if (this.byIdMap.has(entry.entity.id)) throw new Error(`gazetteer: duplicate id ${entry.entity.id}`);
      this.byIdMap.set(entry.entity.id, entry);
      this.byFipsMap.set(r.fips, entry);
      this.index(this.fullIndex, normalizeName(r.name), entry);
      if (r.kind === 'state') {
        this.statesByKey.set(normalizeName(r.name), entry);
        this.stateByUsps.set(r.usps, entry);
        continue;
      }
      const bases =
        r.kind === 'county'
          ? [baseCountyName(r.name)]
          : [basePlaceName(r.name), ...alternatePlaceNames(r.name)];
      for (const b of bases) this.index(this.baseIndex, normalizeName(b), entry);
    }
  }

  private index(map: Map<string, GazetteerEntry[]>, key: string, entry: GazetteerEntry): void {
    if (key === '') return;
    const list = map.get(key);
    if (list) {
      if (!list.includes(entry)) list.push(entry);
    } else map.set(key, [entry]);
  }

  get size(): number {
    return this.byIdMap.size;
  }

  byId(id: string): GazetteerEntry | undefined {
    return this.byIdMap.get(id);
  }

  byFips(fips: string): GazetteerEntry | undefined {
    return this.byFipsMap.get(fips);
  }

  /** A state by USPS code ("CT") or normalised name ("connecticut"). */
  state(codeOrKey: string): GazetteerEntry | undefined {
    return this.stateByUsps.get(codeOrKey.toUpperCase()) ?? this.statesByKey.get(codeOrKey);
  }

  states(): GazetteerEntry[] {
    return [...this.stateByUsps.values()];
  }

  /** Entries whose full normalised name is `key`. */
  withFullName(key: string): readonly GazetteerEntry[] {
    return this.fullIndex.get(key) ?? [];
  }

  /** Entries whose name without its legal suffix is `key`. */
  withBaseName(key: string): readonly GazetteerEntry[] {
    return this.baseIndex.get(key) ?? [];
  }

  /** Every normalised key of one state's entities, for typo matching. */
  keysInState(usps: string): Iterable<string> {
    if (!this.keysByState) {
      const byState = new Map<string, Set<string>>();
      for (const index of [this.fullIndex, this.baseIndex]) {
        for (const [key, entries] of index) {
          for (const e of entries) {
            const keys = byState.get(e.entity.state) ?? new Set<string>();
            byState.set(e.entity.state, keys.add(key));
          }
        }
      }
      this.keysByState = byState;
    }
    return this.keysByState.get(usps) ?? [];
  }

  entries(): IterableIterator<GazetteerEntry> {
    return this.byIdMap.values();
  }
}

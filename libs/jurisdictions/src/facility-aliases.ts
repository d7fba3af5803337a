import { normalizeName } from './normalize';

/** A facility name as written in ICE/TRAC data and the jurisdiction that runs it (an entity id such as county:06001). */
export interface FacilityAlias {
  state: string;
  name: string;
  operatorId: string;
  /** Where the alias came from, e.g. "trac-2017-06-28" or "user:<watch id>". */
  source: string;
}

const ALIAS_COLUMNS = ['state', 'name', 'operatorId', 'source'];

/**
 * In-memory alias table. It is data, not code: seeded from data/facility-aliases.tsv and editable at run time (the
 * service persists it). Lookups are by state plus normalised name, so "Clark County Det.Center" and
 * "CLARK COUNTY DETENTION CENTER" are the same alias.
 */
export class FacilityAliasTable {
  private readonly byKey = new Map<string, FacilityAlias[]>();

  constructor(aliases: Iterable<FacilityAlias> = []) {
    for (const a of aliases) this.add(a);
  }

  private static key(name: string): string {
    return normalizeName(name);
  }

  /** Adds an alias; replaces one with the same state and normalised name. */
  add(alias: FacilityAlias): void {
    if (!/^[A-Z]{2}$/.test(alias.state))
      throw new Error(`facility alias "${alias.name}": state must be a USPS code`);
    if (!/^(state|county|place|cousub):\d+$/.test(alias.operatorId)) {
      throw new Error(
        `facility alias "${alias.name}": operatorId must be a jurisdiction id, got "${alias.operatorId}"`,
      );
    }
    const key = FacilityAliasTable.key(alias.name);
    if (key === '') throw new Error('facility alias: empty name');
    const list = (this.byKey.get(key) ?? []).filter((a) => a.state !== alias.state);
    list.push({ ...alias });
    this.byKey.set(key, list);
  }

  /** Removes the alias for this state and name; returns whether one existed. */
  remove(state: string, name: string): boolean {
    const key = FacilityAliasTable.key(name);
    const list = this.byKey.get(key);
    if (!list) return false;
    const rest = list.filter((a) => a.state !== state);
    if (rest.length === list.length) return false;
    if (rest.length === 0) this.byKey.delete(key);
    else this.byKey.set(key, rest);
    return true;
  }

  /** Aliases whose name matches; restricted to one state when given. */
  lookup(name: string, state?: string): FacilityAlias[] {
    const list = this.byKey.get(FacilityAliasTable.key(name)) ?? [];
    return state ? list.filter((a) => a.state === state) : [...list];
  }

  list(state?: string): FacilityAlias[] {
    const all = [...this.byKey.values()].flat();
    return (state ? all.filter((a) => a.state === state) : all).sort(
      (a, b) => a.state.localeCompare(b.state) || a.name.localeCompare(b.name),
    );
  }

  get size(): number {
    let n = 0;
    for (const l of this.byKey.values()) n += l.length;
    return n;
  }

  /** All normalised names of one state, for typo matching. */
  keys(state?: string): string[] {
    const out: string[] = [];
    for (const [k, l] of this.byKey) if (!state || l.some((a) => a.state === state)) out.push(k);
    return out;
  }

  static parse(text: string, source: string): FacilityAlias[] {
    const rows = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    if (rows[0] !== ALIAS_COLUMNS.join('\t'))
      throw new Error(`${source}: expected header ${ALIAS_COLUMNS.join(' ')}`);
    return rows.slice(1).map((l, i) => {
      const c = l.split('\t');
      if (c.length !== 4)
        throw new Error(`${source}, data row ${i + 1}: expected 4 columns, got ${c.length}`);
      return { state: c[0], name: c[1], operatorId: c[2], source: c[3] };
    });
  }

  static format(aliases: FacilityAlias[]): string {
    return [
      ALIAS_COLUMNS.join('\t'),
      ...aliases.map((a) => [a.state, a.name, a.operatorId, a.source].join('\t')),
    ].join('\n');
  }
}

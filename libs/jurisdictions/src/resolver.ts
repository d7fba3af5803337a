import type { JurisdictionEntity, ResolutionCandidate } from '@detainer-watch/contracts';
import { FacilityAliasTable, type FacilityAlias } from './facility-aliases';
import type { Gazetteer, GazetteerEntry } from './gazetteer';
import { boundedEditDistance, normalizeTokens, slugify } from './normalize';
import { parseQuery, stateOf } from './query';

/**
 * A candidate at or above this confidence may be used without a human looking at it. Exact names with a state score
 * 0.93-1; a name known in one state only, 0.9; anything matched by edit distance, an unincorporated CDP or a facility
 * located (not run) by a city stays below it.
 */
export const HIGH_CONFIDENCE = 0.9;

const FUZZY_PENALTY = 0.75;

export type DdorSection = 'I' | 'II' | 'III' | 'user';

export interface ResolveOptions {
  /** USPS code to use when the name does not say (e.g. the state column of a Section II row). */
  state?: string;
  /** Where the name comes from: Section I and II name counties, so a bare "Travis" means Travis County there. */
  section?: DdorSection;
}

export interface ResolveResult {
  q: string;
  resolved: ResolutionCandidate | null;
  candidates: ResolutionCandidate[];
  reason: string | null;
  /** Set when the name designates several jurisdictions ("Iowa City/Johnson County"); see resolveAll. */
  entities?: ResolutionCandidate[];
}

export interface SectionIIRow {
  state: string;
  county?: string | null;
  facility?: string | null;
}

export interface SectionIIResolution {
  jurisdiction: ResolveResult;
  facility: ResolveResult | null;
}

export interface Resolver {
  readonly gazetteer: Gazetteer;
  readonly facilityAliases: FacilityAliasTable;
  resolve(raw: string, opts?: ResolveOptions): ResolveResult;
  /** Every jurisdiction a name designates: two for "Iowa City/Johnson County", one otherwise. */
  resolveAll(raw: string, opts?: ResolveOptions): ResolveResult[];
  resolveSectionIIRow(row: SectionIIRow): SectionIIResolution;
}

export interface ResolverOptions {
  facilityAliases?: FacilityAliasTable | Iterable<FacilityAlias>;
}

const FACILITY_WORDS = new Set([
  'jail',
  'jails',
  'detention',
  'correctional',
  'corrections',
  'correction',
  'prison',
  'penitentiary',
  'sheriff',
  'sheriffs',
  'police',
  'holding',
  'booking',
  'facility',
  'institution',
  'marshal',
  'marshals',
  'lockup',
  'stockade',
  'magistrate',
  'doc',
]);
const STATE_AGENCY = [
  ['department', 'of', 'correction'],
  ['department', 'of', 'corrections'],
  ['doc'],
  ['state', 'prison'],
  ['state', 'police'],
  ['highway', 'patrol'],
  ['department', 'of', 'public', 'safety'],
  ['state', 'penitentiary'],
  ['corrections'],
];
const COUNTY_WORDS = new Set(['county', 'parish', 'borough']);
const MUNICIPAL_WORDS = new Set(['city', 'town', 'village', 'township', 'borough']);
const CITY_OPERATED = /\b(police|pd|city jail|municipal|marshal)\b/;

type Hint = 'county' | 'municipal' | null;

interface Scored {
  entry: GazetteerEntry;
  rank: number;
  exactFull: boolean;
}

const round = (x: number) => Math.round(x * 100) / 100;
const cand = (e: JurisdictionEntity, confidence: number): ResolutionCandidate => ({
  ...e,
  confidence: round(Math.max(0, Math.min(1, confidence))),
});

export function createResolver(gazetteer: Gazetteer, options: ResolverOptions = {}): Resolver {
  const aliases =
    options.facilityAliases instanceof FacilityAliasTable
      ? options.facilityAliases
      : new FacilityAliasTable(options.facilityAliases ?? []);
  return new NameResolver(gazetteer, aliases);
}

class NameResolver implements Resolver {
  constructor(
    readonly gazetteer: Gazetteer,
    readonly facilityAliases: FacilityAliasTable,
  ) {}

  resolve(raw: string, opts: ResolveOptions = {}): ResolveResult {
    const parts = this.resolveParts(raw, opts);
    if (parts.length === 1) return parts[0];
    return {
      q: raw,
      resolved: null,
      candidates: parts.map((p) => p.resolved!),
      reason: `names ${parts.length} jurisdictions (${parts.map((p) => p.resolved!.name).join('; ')}); use resolveAll`,
      entities: parts.map((p) => p.resolved!),
    };
  }

  resolveAll(raw: string, opts: ResolveOptions = {}): ResolveResult[] {
    return this.resolveParts(raw, opts);
  }

  resolveSectionIIRow(row: SectionIIRow): SectionIIResolution {
    const st = stateOf(row.state, this.gazetteer, true);
    const state = st?.entry.entity.state ?? row.state;
    const county = row.county?.trim() ? this.resolve(row.county, { state, section: 'II' }) : null;
    if (!row.facility?.trim()) {
      return { jurisdiction: county ?? this.resolve(row.state), facility: null };
    }
    let facility = this.resolve(row.facility, { state, section: 'II' });
    // A facility the alias table does not know is attributed to the county its row names.
    if (!facility.resolved && county?.resolved && county.resolved.type === 'county') {
      const c = county.resolved;
      facility = {
        q: row.facility,
        resolved: cand(this.facilityEntity(row.facility, c.state, c.id), Math.min(c.confidence, 0.93)),
        candidates: [],
        reason: null,
      };
      facility.candidates = [facility.resolved!];
    }
    const parentId = facility.resolved?.type === 'facility' ? facility.resolved.parentId : null;
    const parent = parentId ? this.gazetteer.byId(parentId) : undefined;
    const jurisdiction =
      county ??
      (parent
        ? {
            q: row.facility,
            resolved: cand(parent.entity, facility.resolved!.confidence),
            candidates: [],
            reason: null,
          }
        : this.resolve(row.state));
    return { jurisdiction, facility };
  }

  private resolveParts(raw: string, opts: ResolveOptions): ResolveResult[] {
    const q = raw;
    const trimmed = raw.trim();
    if (trimmed === '') return [this.fail(q, 'empty name', [])];
    const direct = this.byCode(trimmed);
    if (direct) return [direct(q)];

    const bare = trimmed.replace(/\s*\([^()]*\)\s*$/, '');
    const asState = stateOf(bare, this.gazetteer, false);
    if (asState && (!opts.state || asState.entry.entity.state === opts.state)) {
      return [this.ok(q, cand(asState.entry.entity, 0.98))];
    }
    const parsed = parseQuery(trimmed, this.gazetteer);
    let state = parsed.state;
    let penalty = parsed.stateFuzzy ? FUZZY_PENALTY : 1;
    if (!state && opts.state) {
      state = this.gazetteer.state(opts.state) ?? null;
      if (!state) return [this.fail(q, `unknown state "${opts.state}"`, [])];
    }
    const head = parsed.head;
    if (head === '' && state) return [this.ok(q, cand(state.entity, 0.98 * penalty))];
    const whole = stateOf(head, this.gazetteer, !state);
    if (whole && (!state || whole.entry === state)) {
      if (whole.fuzzy) penalty *= FUZZY_PENALTY;
      return [this.ok(q, cand(whole.entry.entity, 0.98 * penalty))];
    }
    if (head.includes('/')) {
      const pieces = head.split('/').map((p) => p.trim());
      const results = pieces.map((p) => this.resolveHead(q, p, state, penalty, opts));
      if (pieces.length > 1 && results.every((r) => r.resolved)) return results;
    }
    return [this.resolveHead(q, head, state, penalty, opts)];
  }

  /** Entity ids ("county:09003") and bare FIPS codes of 2, 5, 7 or 10 digits. */
  private byCode(text: string): ((q: string) => ResolveResult) | undefined {
    const fips = /^\d{2}$|^\d{5}$|^\d{7}$|^\d{10}$/.test(text) ? text : null;
    const id = /^(state|county|place|cousub):\d+$/.test(text) ? text : null;
    if (fips || id) {
      const e = fips ? this.gazetteer.byFips(fips) : this.gazetteer.byId(id!);
      return (q) =>
        e ? this.ok(q, cand(e.entity, 1)) : this.fail(q, `no jurisdiction with code ${text}`, []);
    }
    const fac = /^facility:([A-Z]{2}):([a-z0-9-]+)$/.exec(text);
    if (!fac) return undefined;
    const alias = this.facilityAliases.list(fac[1]).find((a) => slugify(a.name) === fac[2]);
    return (q) =>
      alias
        ? this.ok(q, cand(this.facilityEntity(alias.name, alias.state, alias.operatorId), 1))
        : this.fail(q, `no facility with id ${text} in the alias table`, []);
  }

  private resolveHead(
    q: string,
    head: string,
    state: GazetteerEntry | null,
    penalty: number,
    opts: ResolveOptions,
  ): ResolveResult {
    const tokens = normalizeTokens(head);
    if (tokens.length === 0) return this.fail(q, 'no name left once the state is removed', []);
    const agency = this.stateAgency(tokens, state);
    if (agency) return this.ok(q, cand(agency.entity, 0.95 * penalty));
    // TRAC lists some facilities under the bare county name ("Bay County"); such an alias is used only when the name
    // is not itself a jurisdiction, so "Franklin County" stays a county question.
    const key = tokens.join(' ');
    const isPlaceName =
      this.gazetteer.withFullName(key).length > 0 || this.gazetteer.withBaseName(key).length > 0;
    const alias = !isPlaceName && this.facilityAliases.lookup(head, state?.entity.state).length > 0;
    if (alias || tokens.some((t) => FACILITY_WORDS.has(t))) {
      return this.resolveFacility(q, head, tokens, state, penalty);
    }
    return this.resolveJurisdiction(q, tokens, state, penalty, opts.section ?? 'user');
  }

  /** "Connecticut Department of Correction", "Texas DOC": a state agency stands for the state. */
  private stateAgency(tokens: string[], state: GazetteerEntry | null): GazetteerEntry | undefined {
    for (let n = Math.min(4, tokens.length - 1); n >= 1; n--) {
      const st = this.gazetteer.state(tokens.slice(0, n).join(' '));
      if (!st || (state && st !== state)) continue;
      const rest = tokens.slice(n).join(' ');
      if (STATE_AGENCY.some((a) => rest === a.join(' ') || rest.startsWith(a.join(' ') + ' '))) return st;
    }
    return undefined;
  }

  private resolveJurisdiction(
    q: string,
    tokens: string[],
    state: GazetteerEntry | null,
    penalty: number,
    section: DdorSection,
  ): ResolveResult {
    let words = tokens;
    let hint: Hint = null;
    // "City of Boston", "County of Santa Clara", "Town of East Haven"
    if (
      words.length > 2 &&
      words[1] === 'of' &&
      (MUNICIPAL_WORDS.has(words[0]) || COUNTY_WORDS.has(words[0]))
    ) {
      words = [...words.slice(2), words[0]];
    }
    const last = words[words.length - 1];
    if (COUNTY_WORDS.has(last) && last !== 'borough') hint = 'county';
    else if (MUNICIPAL_WORDS.has(last)) hint = 'municipal';
    const key = words.join(' ');
    const countyContext = section === 'I' || section === 'II';
    let scored = this.lookup(key, hint, countyContext, state);
    if (scored.length === 0 && hint)
      scored = this.lookup(words.slice(0, -1).join(' '), hint, countyContext, state);
    let fuzzy = false;
    if (scored.length === 0 && state) {
      scored = this.fuzzyLookup(key, hint, countyContext, state);
      fuzzy = scored.length > 0;
    }
    if (scored.length === 0) {
      // "LEELANAU CO,LELAND", "JOHNSON CO AIRPORT ADC": a county plus words that are no place; likely a facility
      // or office of that county, so it is attributed to the county below the high-confidence bar.
      const viaCounty = this.facilityByCounty(q, tokens.join(' '), tokens, state, penalty * 0.85);
      if (viaCounty) return viaCounty;
      const where = state ? ` in ${state.entity.state}` : '';
      return this.fail(q, `unknown jurisdiction "${tokens.join(' ')}"${where}`, []);
    }
    return this.decide(q, scored, state, penalty * (fuzzy ? FUZZY_PENALTY : 1), tokens.join(' '));
  }

  private lookup(key: string, hint: Hint, countyContext: boolean, state: GazetteerEntry | null): Scored[] {
    const out = new Map<string, Scored>();
    const consider = (e: GazetteerEntry, exactFull: boolean) => {
      if (e.kind === 'state') return;
      if (state && e.entity.state !== state.entity.state) return;
      const rank = this.rank(e, hint, countyContext, exactFull);
      if (rank <= 0) return;
      const prior = out.get(e.entity.id);
      if (!prior || prior.rank < rank) out.set(e.entity.id, { entry: e, rank, exactFull });
    };
    for (const e of this.gazetteer.withFullName(key)) consider(e, true);
    for (const e of this.gazetteer.withBaseName(key)) consider(e, false);
    return [...out.values()];
  }

  /**
   * Which reading of a name wins. An incorporated place beats the coextensive town and the county of the same name
   * ("Hartford, CT" is Hartford city; Hartford town and Hartford County are listed below it); an active town beats a
   * CDP; in Sections I and II, which list counties, a county wins. 0 = not a reading of this name at all.
   */
  private rank(e: GazetteerEntry, hint: Hint, countyContext: boolean, exactFull: boolean): number {
    const independentCity = e.kind === 'county' && / city$/.test(e.entity.name);
    if (hint === 'county') return e.kind === 'county' ? 5 : 0;
    if (e.kind === 'county') {
      if (countyContext) return 5;
      if (independentCity || exactFull) return 2.5;
      return 0;
    }
    const active = e.funcStat === 'A' || e.funcStat === 'C' || e.funcStat === 'B';
    const base = e.kind === 'incorporated' ? 4 : e.kind === 'cousub' ? (active ? 3 : 1.5) : 1;
    return countyContext ? base / 2 : base;
  }

  private fuzzyLookup(key: string, hint: Hint, countyContext: boolean, state: GazetteerEntry): Scored[] {
    if (key.length < 4) return [];
    const max = key.length >= 8 ? 2 : 1;
    let best = max + 1;
    let keys: string[] = [];
    for (const k of this.gazetteer.keysInState(state.entity.state)) {
      const d = boundedEditDistance(key, k, max);
      if (d < best) [best, keys] = [d, [k]];
      else if (d === best && d <= max) keys.push(k);
    }
    return keys.flatMap((k) => this.lookup(k, hint, countyContext, state));
  }

  private decide(
    q: string,
    scored: Scored[],
    state: GazetteerEntry | null,
    penalty: number,
    display: string,
  ): ResolveResult {
    scored.sort(
      (a, b) =>
        b.rank - a.rank ||
        Number(b.exactFull) - Number(a.exactFull) ||
        (b.entry.population ?? -1) - (a.entry.population ?? -1),
    );
    const top = scored.filter((s) => s.rank === scored[0].rank);
    const topExact = top.filter((s) => s.exactFull);
    const winners = topExact.length === 1 && top.length > 1 ? topExact : top;
    const label = (n: number) => `${n} ${kindLabel(scored[0].entry, n)} named "${display}"`;
    if (!state && new Set(winners.map((s) => s.entry.entity.state)).size > 1) {
      return this.fail(
        q,
        `ambiguous: ${label(winners.length)} in ${new Set(winners.map((s) => s.entry.entity.state)).size} states; give a state`,
        scored.slice(0, 12).map((s) => cand(s.entry.entity, 0.4 * penalty)),
      );
    }
    if (winners.length > 1) {
      return this.fail(
        q,
        `ambiguous: ${label(winners.length)} in ${winners[0].entry.entity.state}; give a county or the full name`,
        scored.slice(0, 12).map((s) => cand(s.entry.entity, 0.4 * penalty)),
      );
    }
    const win = winners[0];
    let confidence = (win.exactFull ? 0.98 : 0.95) * penalty;
    if (!state) confidence = Math.min(confidence, 0.9);
    if (win.entry.kind === 'cdp') confidence = Math.min(confidence, 0.6);
    const others = scored
      .filter((s) => s !== win)
      .map((s) => cand(s.entry.entity, Math.min(0.5, confidence - 0.1)));
    // Only an unincorporated CDP, while a county of that name exists in the state: no way to tell which is meant.
    if (win.entry.kind === 'cdp') {
      const counties = this.lookup(`${display} county`, 'county', false, state ?? null);
      if (counties.length > 0) {
        return this.fail(
          q,
          `ambiguous: "${display}" is only a census-designated place, and ${counties[0].entry.entity.name} exists`,
          [cand(counties[0].entry.entity, 0.5 * penalty), cand(win.entry.entity, 0.5 * penalty), ...others],
        );
      }
    }
    return {
      q,
      resolved: cand(win.entry.entity, confidence),
      candidates: [cand(win.entry.entity, confidence), ...others],
      reason: null,
    };
  }

  private resolveFacility(
    q: string,
    head: string,
    tokens: string[],
    state: GazetteerEntry | null,
    penalty: number,
  ): ResolveResult {
    const usps = state?.entity.state;
    const aliases = this.facilityAliases.lookup(head, usps);
    if (aliases.length === 1) {
      const a = aliases[0];
      return this.ok(
        q,
        cand(this.facilityEntity(head, a.state, a.operatorId), (usps ? 0.96 : 0.9) * penalty),
      );
    }
    if (aliases.length > 1) {
      return this.fail(
        q,
        `ambiguous: ${aliases.length} facilities named "${head}" in the alias table; give a state`,
        aliases.map((a) => cand(this.facilityEntity(head, a.state, a.operatorId), 0.4 * penalty)),
      );
    }
    const viaCounty = this.facilityByCounty(q, head, tokens, state, penalty);
    if (viaCounty) return viaCounty;
    return this.facilityByCity(q, head, tokens, state, penalty);
  }

  /** A facility that names a county ("Clark County Detention Center", "SAN MATEO CO JAIL") is that county's. */
  private facilityByCounty(
    q: string,
    head: string,
    tokens: string[],
    state: GazetteerEntry | null,
    penalty: number,
  ): ResolveResult | undefined {
    const usps = state?.entity.state;
    for (let end = 1; end < tokens.length; end++) {
      if (!COUNTY_WORDS.has(tokens[end])) continue;
      for (let start = 0; start < end; start++) {
        const key = tokens.slice(start, end + 1).join(' ');
        const counties = this.lookup(key, 'county', true, state);
        if (counties.length === 0) continue;
        const entities = counties.map((c) =>
          this.facilityEntity(head, c.entry.entity.state, c.entry.entity.id),
        );
        if (counties.length === 1) return this.ok(q, cand(entities[0], (usps ? 0.93 : 0.9) * penalty));
        return this.fail(
          q,
          `ambiguous: ${counties.length} counties named "${key}" run a facility of that name; give a state`,
          entities.map((e) => cand(e, 0.4 * penalty)),
        );
      }
    }
    return undefined;
  }

  private facilityByCity(
    q: string,
    head: string,
    tokens: string[],
    state: GazetteerEntry | null,
    penalty: number,
  ): ResolveResult {
    // "Santa Monica Police Dept.", "Aurora City Jail": run by that city; a facility that only names a city it stands
    // in is placed there with low confidence, since who runs it is unknown.
    if (state) {
      const words = tokens.filter(
        (t) => !FACILITY_WORDS.has(t) && !['department', 'center', 'city', 'county'].includes(t),
      );
      for (let n = words.length; n >= 1; n--) {
        const places = this.lookup(words.slice(0, n).join(' '), 'municipal', false, state).filter(
          (s) => s.entry.kind === 'incorporated',
        );
        if (places.length !== 1) continue;
        const cityRun = CITY_OPERATED.test(tokens.join(' '));
        const e = this.facilityEntity(head, state.entity.state, places[0].entry.entity.id);
        const result = this.ok(q, cand(e, (cityRun ? 0.92 : 0.6) * penalty));
        if (!cityRun)
          result.reason = `operator unknown: facility placed in ${places[0].entry.entity.name}, where it stands`;
        return result;
      }
    }
    return this.fail(
      q,
      `unknown facility "${head}": not in the facility alias table and names no county`,
      [],
    );
  }

  facilityEntity(name: string, state: string, parentId: string): JurisdictionEntity {
    return {
      id: `facility:${state}:${slugify(name)}`,
      name: name.trim(),
      type: 'facility',
      state,
      fips: null,
      parentId,
    };
  }

  private ok(q: string, c: ResolutionCandidate): ResolveResult {
    return { q, resolved: c, candidates: [c], reason: null };
  }

  private fail(q: string, reason: string, candidates: ResolutionCandidate[]): ResolveResult {
    return { q, resolved: null, candidates, reason };
  }
}

function kindLabel(e: GazetteerEntry, n: number): string {
  if (e.kind === 'county') return n === 1 ? 'county' : 'counties';
  const word = e.kind === 'cousub' ? 'town' : 'place';
  return n === 1 ? word : `${word}s`;
}

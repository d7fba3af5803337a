import type { DeclinedRow, HighestVolumeRow, PolicyRow } from '@detainer-watch/contracts';
import { areaOfResponsibility } from './aor';
import { DEFAULT_SCOPE_TEXT, MONTHS, type ReportContent, type TitleVariant } from './content';
import { Prng } from './prng';
import {
  loadSourceData,
  type CisJurisdiction,
  type FoiaFacility,
  type SourceData,
  type TcsoInmate,
} from './source-data';
import { stateCode } from './states';

/**
 * Builds report content that looks like a real issue from the real data in shared/data/ddor. Section II is mostly
 * Travis County rows from TCSO's own lists (charges, place of birth, booking date), the rest facilities with
 * "Detainer Declined by LEA" records in ICE's FOIA data; Section III is the CIS list; Section I uses TRAC counts.
 */

export interface RealisticOptions {
  seed: number;
  week: 1 | 2 | 3;
  /** Section II rows; defaults to the known or estimated count (206, 47, 40) */
  declinedRows?: number;
}

interface WeekFacts {
  titleVariant: TitleVariant;
  periodStart: string;
  periodEnd: string;
  detainersIssued: number | null;
  rows: number;
  travisShare: number;
  otherTexas: number;
  otherStates: number;
}

const WEEKS: Record<1 | 2 | 3, WeekFacts> = {
  1: {
    titleVariant: 'week1',
    periodStart: '2017-01-28',
    periodEnd: '2017-02-03',
    detainersIssued: 3083,
    rows: 206,
    travisShare: 142 / 206,
    otherTexas: 7,
    otherStates: 15,
  },
  2: {
    titleVariant: 'week2',
    periodStart: '2017-02-04',
    periodEnd: '2017-02-10',
    detainersIssued: 2825,
    rows: 47,
    travisShare: 0.3,
    otherTexas: 2,
    otherStates: 9,
  },
  // week 3's total is not known; a figure of the same order keeps the Section I sentence
  3: {
    titleVariant: 'week3',
    periodStart: '2017-02-11',
    periodEnd: '2017-02-17',
    detainersIssued: 2947,
    rows: 40,
    travisShare: 0.25,
    otherTexas: 2,
    otherStates: 9,
  },
};

/** The week 1 top 10 as printed (ddor-format.md); the counts are not known and are derived from TRAC. */
const WEEK1_TOP10: [string, string][] = [
  ['Clark County', 'NV'],
  ['Nassau County', 'NY'],
  ['Cook County', 'IL'],
  ['Montgomery County', 'IA'],
  ['Snohomish County', 'WA'],
  ['Franklin County', 'NY'],
  ['Washington County', 'OR'],
  ['Alachua County', 'FL'],
  ['Franklin County', 'IA'],
  ['Franklin County', 'PA'],
];

/** Section III entries newer than the CIS list that week 1 is known to start with (ddor-format.md). */
const WEEK1_NEW_POLICIES: Omit<PolicyRow, 'page'>[] = [
  {
    jurisdiction: 'Ithaca, New York',
    aor: 'Buffalo',
    dateEnacted: 'February 2017',
    policy: 'City Resolution',
    criteria: ['Will not honor ICE detainer without a judicial warrant'],
  },
  {
    jurisdiction: 'Travis County, Texas',
    aor: 'San Antonio',
    dateEnacted: 'January 2017',
    policy: "County Sheriff's Office Policy",
    criteria: [
      'Will honor ICE detainers for persons charged with or convicted of capital murder, aggravated sexual assault or continuous smuggling of persons',
      'Will honor ICE detainers accompanied by a judicial warrant or court order',
    ],
  },
  {
    jurisdiction: 'Iowa City / Johnson County, Iowa',
    aor: 'Saint Paul',
    dateEnacted: 'January 2017',
    policy: 'City Council Resolution; County Sheriff Policy',
    criteria: ['Will not honor ICE detainer without a judicial warrant'],
  },
  {
    jurisdiction: 'Boulder County, Colorado',
    aor: 'Denver',
    dateEnacted: 'January 2017',
    policy: "County Sheriff's Office Decision",
    criteria: ['Will not honor ICE detainer without a judicial warrant'],
  },
];

const TRAVIS = { county: 'Travis County', facility: 'TRAVIS CTY JAIL' };
const MON = MONTHS.map((m) => m.slice(0, 3));

/** "Mexico (Use only when state is unknown)", "Guanajuato, Mexico", "Cuba, Republic of" -> the country; null for a US state */
export function citizenshipFromBirthplace(placeOfBirth: string): string | null {
  const plain = placeOfBirth
    .replace(/\s*\(.*\)\s*$/, '')
    .replace(/,\s*Republic of$/i, '')
    .trim();
  const country = plain.split(',').pop()!.trim();
  if (!country || stateCode(country)) return null;
  return country;
}

/** CIS "Sep-14" or "2015-08-14" -> "September 2014" / "August 2015", and a sort key */
export function enactedAsPrinted(raw: string): { text: string; key: number } {
  let m = /^([A-Za-z]{3})-(\d{2})$/.exec(raw);
  if (m) {
    const month = MON.indexOf(m[1]);
    if (month >= 0) return { text: `${MONTHS[month]} 20${m[2]}`, key: (2000 + Number(m[2])) * 12 + month };
  }
  m = /^(\d{4})-(\d{2})-\d{2}$/.exec(raw);
  if (m) return { text: `${MONTHS[Number(m[2]) - 1]} ${m[1]}`, key: Number(m[1]) * 12 + Number(m[2]) - 1 };
  throw new Error(`CIS Date Enacted "${raw}" is neither Mon-YY nor YYYY-MM-DD`);
}

/** "Pierce County, Washington" -> state code and place; CIS typos ("lowa", "Washington 99301", "East Haven. Connecticut") included */
function cisPlace(location: string): { state: string | null; place: string } {
  const parts = location.split(',').map((p) => p.trim());
  const last = parts.length > 1 ? parts[parts.length - 1] : location;
  const cleaned = last
    .replace(/\s+\d{5}$/, '')
    .replace(/^.*\.\s*/, '')
    .replace(/^lowa$/, 'Iowa');
  return { state: stateCode(cleaned) ?? (cleaned === 'DC' ? 'DC' : null), place: parts[0] };
}

function policiesFrom(cis: CisJurisdiction[]): Omit<PolicyRow, 'page'>[] {
  const listed = cis
    .map((c, i) => ({ c, i, enacted: enactedAsPrinted(c.dateEnacted) }))
    .sort((a, b) => b.enacted.key - a.enacted.key || a.i - b.i)
    .map(({ c, enacted }) => {
      const { state, place } = cisPlace(c.location);
      return {
        jurisdiction: c.location,
        aor: state ? areaOfResponsibility(state, place) : null,
        dateEnacted: enacted.text,
        policy: c.policy,
        criteria: c.criteria
          .split(/;\s+/)
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      };
    });
  // every issue opens with the entries week 1 added to the CIS list
  return [...WEEK1_NEW_POLICIES, ...listed];
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayInPeriod(rng: Prng, start: string, end: string): string {
  const a = Date.parse(`${start}T00:00:00Z`);
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - a) / 86400000);
  return isoDay(a + rng.int(0, days) * 86400000);
}

function issuedBefore(rng: Prng, end: string): string {
  // mostly recent detainers, some going back years
  const back = rng.next() < 0.6 ? rng.int(20, 400) : rng.int(400, 2500);
  return isoDay(Date.parse(`${end}T00:00:00Z`) - back * 86400000);
}

/** "CONTRA COSTA CO. JAIL" -> "Contra Costa County"; null when the name does not say */
export function countyFromFacility(facility: string): string | null {
  const m = /^([A-Z][A-Z .'-]*?)\s+(?:COUNTY|CTY|CO\.?)(?=[\s.]|$)/.exec(facility.toUpperCase());
  if (!m) return null;
  const name = m[1]
    .toLowerCase()
    .replace(/(^|[\s-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
  return `${name} County`;
}

function weightedPick<T>(rng: Prng, items: T[], weight: (t: T) => number): T {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let r = rng.next() * total;
  for (const t of items) {
    r -= weight(t);
    if (r <= 0) return t;
  }
  return items[items.length - 1];
}

function chargesText(inmate: TcsoInmate): string {
  return inmate.charges.slice(0, 8).join(', ');
}

function declinedRows(
  data: SourceData,
  facts: WeekFacts,
  total: number,
  rng: Prng,
  week: 1 | 2 | 3,
): Omit<DeclinedRow, 'page'>[] {
  const travisCount = Math.round(total * facts.travisShare);
  const withCountry = (list: TcsoInmate[]) =>
    list.filter((i) => citizenshipFromBirthplace(i.placeOfBirth) && i.charges.length > 0);
  const travisPool = rng.shuffle(withCountry([...data.tcsoDeclined, ...data.tcsoReinstated]));
  if (travisPool.length < travisCount) {
    throw new Error(
      `Travis County: ${travisCount} rows wanted, TCSO files give ${travisPool.length} usable inmates`,
    );
  }
  const rows: Omit<DeclinedRow, 'page'>[] = [];
  // week 1: all but three Travis declines are dated 2/1/2017 (ddor-format.md)
  const odd = new Set(week === 1 ? [0, 1, 2].map(() => rng.int(0, travisCount - 1)) : []);
  for (let i = 0; i < travisCount; i++) {
    const inmate = travisPool[i];
    rows.push({
      state: 'TX',
      county: TRAVIS.county,
      facility: TRAVIS.facility,
      citizenship: citizenshipFromBirthplace(inmate.placeOfBirth)!,
      notableCriminalActivity: chargesText(inmate),
      detainerIssued: inmate.bookingDate,
      detainerDeclined:
        week === 1 && !odd.has(i) ? '2017-02-01' : dayInPeriod(rng, facts.periodStart, facts.periodEnd),
    });
  }

  const chargePool = withCountry([...data.tcsoHonored, ...data.tcsoDeclined, ...data.tcsoReinstated]);
  const facilities = data.foiaFacilities
    .map((f) => ({ ...f, county: countyFromFacility(f.facility) }))
    .filter((f): f is FoiaFacility & { county: string } => f.county !== null && f.county !== TRAVIS.county);
  const texas = facilities.filter((f) => f.state === 'TX');
  const byState = new Map<string, typeof facilities>();
  for (const f of facilities)
    if (f.state !== 'TX') byState.set(f.state, [...(byState.get(f.state) ?? []), f]);
  const states = [...byState.keys()].sort(
    (a, b) =>
      byState.get(b)!.reduce((s, f) => s + f.declined, 0) -
      byState.get(a)!.reduce((s, f) => s + f.declined, 0),
  );
  const chosenStates = rng
    .shuffle(states.slice(0, Math.max(facts.otherStates * 2, 20)))
    .slice(0, facts.otherStates);
  const others = total - travisCount;
  const texasCount = Math.min(facts.otherTexas, others);
  const row = (f: FoiaFacility & { county: string }): Omit<DeclinedRow, 'page'> => {
    const inmate = rng.pick(chargePool);
    return {
      state: f.state,
      county: f.county,
      facility: f.facility,
      citizenship: citizenshipFromBirthplace(rng.pick(chargePool).placeOfBirth)!,
      notableCriminalActivity: chargesText(inmate),
      detainerIssued: issuedBefore(rng, facts.periodStart),
      detainerDeclined: dayInPeriod(rng, facts.periodStart, facts.periodEnd),
    };
  };
  for (let i = 0; i < texasCount; i++) rows.push(row(weightedPick(rng, texas, (f) => f.declined)));
  for (let i = 0; i < others - texasCount; i++) {
    // every chosen state gets a row before any gets a second
    const state = i < chosenStates.length ? chosenStates[i] : rng.pick(chosenStates);
    rows.push(row(weightedPick(rng, byState.get(state)!, (f) => f.declined)));
  }
  return rows
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        a.r.state.localeCompare(b.r.state) ||
        a.r.county.localeCompare(b.r.county) ||
        a.r.facility.localeCompare(b.r.facility) ||
        a.i - b.i,
    )
    .map(({ r }) => r);
}

function highestVolume(
  data: SourceData,
  week: 1 | 2 | 3,
  rng: Prng,
  policies: Omit<PolicyRow, 'page'>[],
): Omit<HighestVolumeRow, 'page'>[] {
  const trac = new Map(data.tracCounties.map((t) => [`${t.state}|${t.county}`, t.all]));
  // TRAC counts run over about 15 years, most of them in the last five; a week is a few hundredth of the total
  const weekly = (all: number): number => Math.max(3, Math.round((all / 260) * (0.7 + 0.6 * rng.next())));
  let picks: [string, string][];
  if (week === 1) picks = WEEK1_TOP10;
  else {
    const restrictive = new Set(
      policies.flatMap((p) => {
        const { state, place } = cisPlace(p.jurisdiction);
        return state ? [`${state}|${place}`] : [];
      }),
    );
    picks = data.tracCounties
      .filter((t) => restrictive.has(`${t.state}|${t.county}`))
      .sort((a, b) => b.all - a.all)
      .slice(0, 14)
      .map((t): [string, string] => [t.county, t.state]);
    picks = rng.shuffle(picks).slice(0, 10);
  }
  const counts = picks
    .map(([county, state]) => weekly(trac.get(`${state}|${county}`) ?? 2600))
    .sort((a, b) => b - a);
  return picks.map(([jurisdiction, state], i) => ({ jurisdiction, state, detainersIssued: counts[i] }));
}

export async function buildRealisticContent(
  options: RealisticOptions,
  data?: SourceData,
): Promise<ReportContent> {
  const source = data ?? (await loadSourceData());
  const facts = WEEKS[options.week];
  if (!facts) throw new Error(`week must be 1, 2 or 3, got ${options.week}`);
  const total = options.declinedRows ?? facts.rows;
  if (!Number.isInteger(total) || total < 0)
    throw new Error(`declinedRows must be a non-negative integer, got ${total}`);
  const rng = new Prng(options.seed * 7919 + options.week);
  const policies = policiesFrom(source.cis);
  return {
    titleVariant: facts.titleVariant,
    periodStart: facts.periodStart,
    periodEnd: facts.periodEnd,
    detainersIssued: facts.detainersIssued,
    highestVolume: highestVolume(source, options.week, rng, policies),
    declined: declinedRows(source, facts, total, rng, options.week),
    policies,
    scopeText: DEFAULT_SCOPE_TEXT,
  };
}

import { DEFAULT_SCOPE_TEXT, MONTHS, type ReportContent, type TitleVariant } from './content';
import { Prng } from './prng';

/**
 * Invented report content that needs no shared data: for quick fixtures and very large reports. Facilities and
 * counties are real public places; rows are random combinations and describe nobody.
 */

const PLACES: { state: string; county: string; facilities: string[] }[] = [
  {
    state: 'TX',
    county: 'Travis County',
    facilities: ['Travis County Jail', 'Travis County Correctional Complex'],
  },
  { state: 'NV', county: 'Clark County', facilities: ['Clark County Detention Center'] },
  { state: 'NY', county: 'Nassau County', facilities: ['Nassau County Correctional Center'] },
  { state: 'IL', county: 'Cook County', facilities: ['Cook County Department of Corrections'] },
  { state: 'WA', county: 'Snohomish County', facilities: ['Snohomish County Jail'] },
  { state: 'OR', county: 'Washington County', facilities: ['Washington County Jail'] },
  { state: 'FL', county: 'Alachua County', facilities: ['Alachua County Jail'] },
  {
    state: 'CA',
    county: 'Los Angeles County',
    facilities: ['Los Angeles County Twin Towers', 'Los Angeles County Men\u2019s Central Jail'],
  },
  { state: 'CO', county: 'Boulder County', facilities: ['Boulder County Jail'] },
  { state: 'PA', county: 'Philadelphia County', facilities: ['Philadelphia Prison System'] },
  { state: 'IA', county: 'Johnson County', facilities: ['Johnson County Jail'] },
  { state: 'NC', county: 'Mecklenburg County', facilities: ['Mecklenburg County Jail Central'] },
];

const COUNTRIES = [
  'Mexico',
  'Guatemala',
  'Honduras',
  'El Salvador',
  'Cuba',
  'Dominican Republic',
  'Vietnam',
  'India',
  'Jamaica',
  'Colombia',
];

const CHARGES = [
  'Driving While Intoxicated',
  'Assault Causes Bodily Injury Family Member',
  'Possession of Controlled Substance Penalty Group 1',
  'Unauthorized Use of Motor Vehicle',
  'Burglary of Habitation',
  'Aggravated Assault with a Deadly Weapon',
  'Theft of Property',
  'Evading Arrest or Detention',
  'Possession of Marijuana',
  'Driving While License Invalid',
  'Criminal Trespass',
  'Failure to Identify Fugitive from Justice',
  'Indecency with a Child by Contact',
  'Manufacture or Delivery of Controlled Substance',
  'Violation of Protective Order',
  'Resisting Arrest Search or Transport',
];

const POLICIES = [
  'County Sheriff\u2019s Office Decision',
  'County Jail\u2019s Decision',
  'City Ordinance',
  'Board of Supervisors Resolution',
  'State Trust Act',
];

const CRITERIA = [
  'Will not honor ICE detainer without a judicial warrant',
  'Will honor a detainer accompanied by a criminal warrant signed by a judge',
  'Will honor detainers for individuals charged with or convicted of capital murder, aggravated sexual assault, or continuous smuggling of persons',
  'Requires a court order',
  'Will not hold individuals beyond their release date',
];

const AORS = [
  'San Antonio',
  'Denver',
  'Saint Paul',
  'Buffalo',
  'Chicago',
  'Seattle',
  'Los Angeles',
  'Philadelphia',
];

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface SyntheticOptions {
  seed: number;
  declinedRows: number;
  policies?: number;
  titleVariant?: TitleVariant;
}

export function syntheticContent(options: SyntheticOptions): ReportContent {
  const rng = new Prng(options.seed);
  const declined = Array.from({ length: options.declinedRows }, () => {
    const place = rng.pick(PLACES);
    const charges = rng.shuffle(CHARGES).slice(0, rng.int(1, 4));
    const year = rng.int(2010, 2016);
    return {
      state: place.state,
      county: place.county,
      facility: rng.pick(place.facilities),
      citizenship: rng.pick(COUNTRIES),
      notableCriminalActivity: charges.join(', '),
      detainerIssued: isoDate(year, rng.int(1, 12), rng.int(1, 28)),
      detainerDeclined: isoDate(2017, 2, rng.int(1, 3)),
    };
  });
  declined.sort((a, b) => a.state.localeCompare(b.state) || a.county.localeCompare(b.county));
  const policyCount = options.policies ?? 12;
  const policies = Array.from({ length: policyCount }, (_, i) => {
    const place = PLACES[i % PLACES.length];
    const monthsBack = i * 2;
    const month = (((1 - monthsBack) % 12) + 12) % 12;
    const year = 2017 + Math.floor((1 - monthsBack) / 12);
    return {
      jurisdiction: `${place.county}, ${place.state === 'TX' ? 'Texas' : place.state}`,
      aor: rng.pick(AORS),
      dateEnacted: `${MONTHS[month]} ${year}`,
      policy: rng.pick(POLICIES),
      criteria: rng.shuffle(CRITERIA).slice(0, rng.int(1, 3)),
    };
  });
  const highestVolume = PLACES.slice(0, 10).map((p, i) => ({
    jurisdiction: p.county,
    state: p.state,
    detainersIssued: 180 - i * 14,
  }));
  return {
    titleVariant: options.titleVariant ?? 'week1',
    periodStart: '2017-01-28',
    periodEnd: '2017-02-03',
    detainersIssued: 3083,
    highestVolume,
    declined,
    policies,
    scopeText: DEFAULT_SCOPE_TEXT,
  };
}

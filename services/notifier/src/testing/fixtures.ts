import { createHash } from 'node:crypto';
import type {
  ExposureLine,
  GrantExposureEstimatedV1,
  JurisdictionEntity,
  PolicyRow,
} from '@detainer-watch/contracts';
import { GrantExposureEstimatedV1 as GrantExposureEstimatedSchema } from '@detainer-watch/contracts';
import { type Watch, createWatch, confirmWatch } from '../watches/watch';

/** Test and benchmark data shaped like the DDOR of January 28 - February 3, 2017 (values illustrative). */

export const reportIdOf = (seed: string): string => createHash('sha256').update(seed).digest('hex');

export const REPORT = {
  reportId: reportIdOf('ddor-2017-02-03'),
  sourceUrl: 'https://www.ice.gov/doclib/ddor/ddor2017_01-28to02-03.pdf',
  period: { start: '2017-01-28', end: '2017-02-03' },
};

export const entities = {
  connecticut: {
    id: 'state:09',
    name: 'Connecticut',
    type: 'state',
    state: 'CT',
    fips: '09',
    parentId: null,
  },
  eastHaven: {
    id: 'cousub:0900924800',
    name: 'East Haven town',
    type: 'town',
    state: 'CT',
    fips: '0900924800',
    parentId: 'county:09009',
  },
  hartford: {
    id: 'place:0937000',
    name: 'Hartford city',
    type: 'city',
    state: 'CT',
    fips: '0937000',
    parentId: 'county:09003',
  },
  travis: {
    id: 'county:48453',
    name: 'Travis County',
    type: 'county',
    state: 'TX',
    fips: '48453',
    parentId: 'state:48',
  },
} satisfies Record<string, JurisdictionEntity>;

const line = (overrides: Partial<ExposureLine>): ExposureLine => ({
  program: 'JAG',
  cfda: '16.738',
  fiscalYear: 2016,
  basis: 'direct',
  amountCents: 174503700,
  status: 'exact',
  sources: [
    {
      ledgerRowId: 'usaspending:2016-DJ-BX-0001',
      citation: 'USAspending.gov award 2016-DJ-BX-0001, row 12',
      url: 'https://www.usaspending.gov/award/ASST_NON_2016DJBX0001_1550',
      note: null,
    },
  ],
  ...overrides,
});

export interface EstimateOptions {
  index: number;
  total: number;
  report?: typeof REPORT;
  declined?: number;
  withPolicy?: boolean;
  /** The Section III rows (default: one row; none with withPolicy: false). */
  policies?: PolicyRow[];
  lines?: ExposureLine[];
  isNew?: boolean;
  rawName?: string;
}

/** A GrantExposureEstimatedV1 that passes the contract schema (parsed, so a fixture can not drift from it). */
export function estimateFor(entity: JurisdictionEntity, o: EstimateOptions): GrantExposureEstimatedV1 {
  const report = o.report ?? REPORT;
  const declined = o.declined ?? 1;
  const lines = o.lines ?? [
    line({}),
    line({ program: 'SCAAP', cfda: '16.606', fiscalYear: 2016, amountCents: 26000000, status: 'rounded' }),
    line({ program: 'JAG', fiscalYear: 2017, amountCents: null, status: 'unknown', sources: [] }),
  ];
  const known = lines.filter((l) => l.amountCents !== null);
  return GrantExposureEstimatedSchema.parse({
    schemaVersion: 1,
    classification: {
      report,
      position: { index: o.index, total: o.total },
      entity,
      confidence: 0.97,
      rawNames: [o.rawName ?? `${entity.name.replace(/ (town|city)$/, '')}, ${entity.state}`],
      declinedCount: declined,
      declinedRows: Array.from({ length: declined }, (_, i) => ({
        rowIndex: o.index * 10 + i,
        state: entity.state,
        county: 'New Haven',
        facility: `${entity.name.replace(/ (town|city)$/, '')} Police Department`,
        citizenship: 'Mexico',
        notableCriminalActivity: 'Assault; Driving Under the Influence',
        detainerIssued: '2017-01-30',
        detainerDeclined: '2017-02-01',
        page: 14 + i,
      })),
      highestVolumeCount: o.index === 0 ? 42 : null,
      policies:
        o.withPolicy === false
          ? []
          : (o.policies ?? [
              {
                jurisdiction: entity.name,
                aor: 'Boston',
                dateEnacted: 'February 2017',
                policy: 'Will not honor ICE detainers unless accompanied by a judicial warrant.',
                criteria: ['Judicial warrant', 'Conviction of a serious felony'],
                page: 30,
              },
            ]),
      categories:
        o.withPolicy === false
          ? []
          : [
              {
                category: 'honors_only_with_judicial_warrant',
                phrases: ['unless accompanied by a judicial warrant'],
              },
            ],
      isNew: o.isNew ?? true,
      previousReportId: reportIdOf('ddor-2017-01-27'),
      unresolvedInReport: 2,
    },
    exposure: {
      estimate: true,
      programs: ['JAG', 'SCAAP'],
      fiscalYears: [2016, 2017],
      lines,
      totalCents: known.length ? known.reduce((s, l) => s + l.amountCents!, 0) : null,
      totalStatus:
        known.length === lines.length && lines.every((l) => l.status === 'exact')
          ? 'exact'
          : known.length
            ? 'partial'
            : 'unknown',
      method: 'Sum of direct awards to the jurisdiction in the selected fiscal years, from the award ledger.',
    },
  });
}

export { line as exposureLine };

/** A confirmed watch, built through the same transitions the API uses. */
export function confirmedWatch(
  email: string,
  jurisdiction: Pick<JurisdictionEntity, 'id' | 'name' | 'type' | 'state' | 'fips'>,
  includeChildren = false,
  now = new Date('2017-01-01T00:00:00Z'),
): Watch {
  const w = createWatch({ email, jurisdiction, includeChildren }, now);
  return confirmWatch(w, w.confirmToken, now);
}

/**
 * A synthetic report of `count` jurisdictions spread over states and counties (counties, towns, cities and a
 * facility per county), for the benchmark.
 */
export function syntheticReport(count: number, seed = 'synthetic'): GrantExposureEstimatedV1[] {
  const report = { ...REPORT, reportId: reportIdOf(seed) };
  const out: GrantExposureEstimatedV1[] = [];
  for (let i = 0; i < count; i++)
    out.push(estimateFor(syntheticEntity(i), { index: i, total: count, report, declined: 2 }));
  return out;
}

const STATES = ['AL', 'AZ', 'CA', 'CO', 'CT', 'FL', 'GA', 'IL', 'MA', 'NY', 'OR', 'TX', 'WA', 'WI'];

/** Entity number i: county, town in it, city in its state, facility run by the county, in turn. */
export function syntheticEntity(i: number): JurisdictionEntity {
  const s = i % STATES.length;
  const stateFips = String(s + 1).padStart(2, '0');
  const county = `${stateFips}${String((Math.floor(i / 4) % 999) + 1).padStart(3, '0')}`;
  const state = STATES[s]!;
  switch (i % 4) {
    case 0:
      return {
        id: `county:${county}`,
        name: `County ${county}`,
        type: 'county',
        state,
        fips: county,
        parentId: `state:${stateFips}`,
      };
    case 1: {
      const g = `${county}${String(i).padStart(5, '0')}`;
      return {
        id: `cousub:${g}`,
        name: `Town ${g}`,
        type: 'town',
        state,
        fips: g,
        parentId: `county:${county}`,
      };
    }
    case 2: {
      const g = `${stateFips}${String(i).padStart(5, '0')}`;
      return { id: `place:${g}`, name: `City ${g}`, type: 'city', state, fips: g, parentId: null };
    }
    default:
      return {
        id: `facility:${state}:jail-${i}`,
        name: `Jail ${i}`,
        type: 'facility',
        state,
        fips: null,
        parentId: `county:${county}`,
      };
  }
}

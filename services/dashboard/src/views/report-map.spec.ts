import type { Exposure, JurisdictionEntity } from '@detainer-watch/contracts';
import { reportMap } from './report-map';
import { summarize } from '../bff/report-pipeline';
import { maskEmail } from '../bff/watches.controller';
import type { ClassifiedReport, ReportExposure } from './upstream-shapes';

const R = 'b'.repeat(64);
const entity = (
  id: string,
  type: JurisdictionEntity['type'],
  fips: string | null,
  parentId: string | null = null,
): JurisdictionEntity => ({
  id,
  name: id,
  type,
  state: 'CT',
  fips,
  parentId,
});
const hartford = entity('place:0937000', 'city', '0937000', 'county:09003');
const county = entity('county:09003', 'county', '09003', 'state:09');
const facility = entity('facility:CT:x', 'facility', null, null);
const appearance = (declinedCount: number) => ({
  reportId: R,
  periodStart: null,
  periodEnd: null,
  superseded: false,
  declinedCount,
  highestVolumeCount: null,
  policyListed: false,
  rawNames: ['x'],
  isNew: true,
  categories: [],
});
const classified: ClassifiedReport = {
  report: {
    reportId: R,
    period: { start: null, end: null },
    previousReportId: null,
    jurisdictionCount: 3,
    unresolvedCount: 0,
    classifiedAt: '',
  },
  jurisdictions: [
    { entity: hartford, appearance: appearance(2) },
    { entity: county, appearance: appearance(3) },
    { entity: facility, appearance: appearance(1) },
  ],
  unresolved: [],
  dropped: [],
};
const exposure = (totalCents: number | null, totalStatus: Exposure['totalStatus']): Exposure => ({
  estimate: true,
  programs: ['JAG'],
  fiscalYears: [2026],
  lines: [],
  totalCents,
  totalStatus,
  method: 'm',
});
const estimates = (list: [JurisdictionEntity, Exposure][]): ReportExposure => ({
  reportId: R,
  note: '',
  jurisdictions: list.map(([e, x]) => ({
    reportId: R,
    jurisdictionId: e.id,
    entity: e,
    declinedCount: 0,
    policyListed: false,
    exposure: x,
    estimatedAt: '',
  })),
});

describe('reportMap', () => {
  it('rolls cities into their county and everything into its state', () => {
    const m = reportMap(classified, null);
    expect(m.counties).toEqual([expect.objectContaining({ fips: '09003', declined: 5, atRisk: null })]);
    expect(m.states).toEqual([expect.objectContaining({ fips: '09', usps: 'CT', declined: 6 })]);
    expect(m.unplaced).toEqual(['facility:CT:x, CT']);
  });

  it('sums known money, and keeps an all-unknown area unknown instead of $0', () => {
    const known = reportMap(
      classified,
      estimates([
        [hartford, exposure(100, 'exact')],
        [county, exposure(null, 'unknown')],
      ]),
    );
    expect(known.counties[0].atRisk).toEqual({ cents: 100, status: 'partial', estimates: 2 });
    const unknown = reportMap(classified, estimates([[county, exposure(null, 'unknown')]]));
    expect(unknown.counties[0].atRisk).toEqual({ cents: null, status: 'unknown', estimates: 1 });
  });
});

describe('summarize', () => {
  it('never turns unknown totals into 0', () => {
    expect(summarize(classified, estimates([[county, exposure(null, 'unknown')]])).estimated?.atRisk).toEqual(
      {
        cents: null,
        status: 'unknown',
        estimates: 1,
      },
    );
    expect(
      summarize(classified, estimates([[county, exposure(250, 'exact')]])).estimated?.atRisk.status,
    ).toBe('exact');
    expect(summarize(null, null)).toEqual({ classified: null, estimated: null });
  });
});

describe('maskEmail', () => {
  it('keeps the first letter and the domain only', () => {
    expect(maskEmail('editor@example.org')).toBe('e•••@example.org');
    expect(maskEmail('nonsense')).toBe('•••');
  });
});

import { REPORT, confirmedWatch, entities, estimateFor, reportIdOf } from '../testing/fixtures';
import { createWatch, unsubscribeWatch } from '../watches/watch';
import { matchWatches } from './match-watches';
import { candidateKeys, reportCompleteness } from './report-assembly';

const report = [
  estimateFor(entities.eastHaven, { index: 0, total: 3 }),
  estimateFor(entities.hartford, { index: 1, total: 3 }),
  estimateFor(entities.travis, { index: 2, total: 3 }),
];
const ids = (m: Map<string, typeof report>, watchId: string) =>
  m.get(watchId)?.map((e) => e.classification.entity.id);

describe('matchWatches', () => {
  it('matches a state watch with includeChildren to every place inside it, in one entry', () => {
    const ct = confirmedWatch('ana@example.org', entities.connecticut, true);
    const m = matchWatches([ct], report);
    expect([...m.keys()]).toEqual([ct.id]);
    expect(ids(m, ct.id)).toEqual(['cousub:0900924800', 'place:0937000']);
  });

  it('does not match places inside a state watched without includeChildren', () => {
    const ct = confirmedWatch('ana@example.org', entities.connecticut, false);
    expect(matchWatches([ct], report).size).toBe(0);
  });

  it('matches equal ids and equal FIPS codes, with or without includeChildren', () => {
    const byId = confirmedWatch('a@example.org', entities.hartford);
    const byFips = confirmedWatch('b@example.org', { ...entities.hartford, id: 'other-scheme:hartford' });
    const m = matchWatches([byId, byFips], report);
    expect(ids(m, byId.id)).toEqual(['place:0937000']);
    expect(ids(m, byFips.id)).toEqual(['place:0937000']);
  });

  it('never matches a pending or unsubscribed watch', () => {
    const pending = createWatch({ email: 'a@example.org', jurisdiction: entities.hartford }, new Date());
    const confirmed = confirmedWatch('b@example.org', entities.hartford);
    const gone = unsubscribeWatch(confirmed, confirmed.unsubscribeToken, new Date());
    expect(matchWatches([pending, gone], report).size).toBe(0);
  });

  it('places a county subdivision in its county by code, a place only by parentId, a facility in its parent', () => {
    const newHavenCounty = {
      id: 'county:09009',
      name: 'New Haven County',
      type: 'county',
      state: 'CT',
      fips: '09009',
    } as const;
    const hartfordCounty = {
      id: 'county:09003',
      name: 'Hartford County',
      type: 'county',
      state: 'CT',
      fips: '09003',
    } as const;
    const nh = confirmedWatch('a@example.org', newHavenCounty, true);
    const hc = confirmedWatch('b@example.org', hartfordCounty, true);
    const facility = {
      id: 'facility:CT:hartford-cc',
      name: 'Hartford Correctional Center',
      type: 'facility',
      state: 'CT',
      fips: null,
      parentId: 'county:09003',
    } as const;
    const townNoParent = { ...entities.eastHaven, parentId: null };
    const placeNoParent = { ...entities.hartford, parentId: null };
    const r = [
      estimateFor(townNoParent, { index: 0, total: 3 }),
      estimateFor(placeNoParent, { index: 1, total: 3 }),
      estimateFor(facility, { index: 2, total: 3 }),
    ];
    const m = matchWatches([nh, hc], r);
    expect(ids(m, nh.id)).toEqual(['cousub:0900924800']);
    expect(ids(m, hc.id)).toEqual(['facility:CT:hartford-cc']);
  });

  it('follows parentId chains through the other jurisdictions of the report', () => {
    const city = confirmedWatch('a@example.org', entities.hartford, true);
    const jail = {
      id: 'facility:CT:jail',
      name: 'City Jail',
      type: 'facility',
      state: 'CT',
      fips: null,
      parentId: 'facility:CT:annex',
    } as const;
    const annex = {
      id: 'facility:CT:annex',
      name: 'Annex',
      type: 'facility',
      state: 'CT',
      fips: null,
      parentId: 'place:0937000',
    } as const;
    const m = matchWatches(
      [city],
      [estimateFor(jail, { index: 0, total: 2 }), estimateFor(annex, { index: 1, total: 2 })],
    );
    expect(ids(m, city.id)).toEqual(['facility:CT:jail', 'facility:CT:annex']);
  });

  it('lists a jurisdiction once even when its event was delivered twice, and a watch once when it matches twice', () => {
    const ct = confirmedWatch('a@example.org', entities.connecticut, true);
    const m = matchWatches([ct, ct], [...report, report[1]!]);
    expect(ids(m, ct.id)).toEqual(['cousub:0900924800', 'place:0937000']);
  });

  it('refuses estimates of two reports', () => {
    const other = estimateFor(entities.hartford, {
      index: 0,
      total: 1,
      report: { ...REPORT, reportId: reportIdOf('x') },
    });
    expect(() => matchWatches([], [report[0]!, other])).toThrow(/2 reports/);
  });
});

describe('reportCompleteness / candidateKeys', () => {
  it('says which positions are missing', () => {
    expect(reportCompleteness([report[0]!, report[2]!])).toMatchObject({
      complete: false,
      missing: [1],
      total: 3,
    });
    expect(reportCompleteness(report).complete).toBe(true);
  });

  it('gives the keys of each jurisdiction and of what encloses it', () => {
    const keys = candidateKeys([report[0]!]);
    expect(keys).toEqual(
      expect.arrayContaining([
        'id:cousub:0900924800',
        'id:county:09009',
        'id:state:09',
        'fips:09',
        'usps:CT',
      ]),
    );
  });
});

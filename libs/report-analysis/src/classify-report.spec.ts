import { JurisdictionClassification, type ReportExtract } from '@detainer-watch/contracts';
import { classifyReport } from './classify-report';
import { categoriesOf } from './policy';
import { fixtureExtract, shippedResolver } from './__fixtures__/shipped';

const resolver = shippedResolver();

describe('classifyReport on the generated week-1 realistic report', () => {
  const extract = fixtureExtract('week1-ice-letter-landscape');
  const result = classifyReport(extract, resolver, { sourceUrl: 'https://www.ice.gov/ddor-week1.pdf' });
  const byId = (id: string) => result.jurisdictions.find((j) => j.entity.id === id);

  it('emits payloads that satisfy the jurisdiction.classified contract, numbered in order', () => {
    expect(result.jurisdictions.length).toBeGreaterThan(100);
    result.jurisdictions.forEach((j, i) => {
      expect(() => JurisdictionClassification.parse(j)).not.toThrow();
      expect(j.position).toEqual({ index: i, total: result.jurisdictions.length });
      expect(j.report).toEqual({
        reportId: extract.reportId,
        sourceUrl: 'https://www.ice.gov/ddor-week1.pdf',
        period: { start: '2017-01-28', end: '2017-02-03' },
      });
      expect(j.unresolvedInReport).toBe(result.unresolved.length);
    });
    const keys = result.jurisdictions.map((j) => `${j.entity.state}|${j.entity.name}`);
    expect([...keys].sort((a, b) => a.localeCompare(b))).toEqual(keys);
  });

  it('gives Travis County, TX every row its county column names, with the jail and the Section III names', () => {
    const expected = extract.declined
      .map((row, rowIndex) => ({ ...row, rowIndex }))
      .filter((row) => row.state === 'TX' && row.county === 'Travis County');
    expect(expected.length).toBeGreaterThan(100);
    const travis = byId('county:48453')!;
    expect(travis.entity).toMatchObject({
      name: 'Travis County',
      type: 'county',
      state: 'TX',
      fips: '48453',
    });
    expect(travis.declinedCount).toBe(expected.length);
    expect(travis.declinedRows).toEqual(expected);
    expect(travis.rawNames).toEqual(['Travis County', 'TRAVIS CTY JAIL', 'Travis County, Texas']);
    expect(travis.policies.map((p) => p.jurisdiction)).toEqual([
      'Travis County, Texas',
      'Travis County, Texas',
    ]);
    expect(travis.highestVolumeCount).toBeNull();
    expect(travis.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps both Section III rows of Travis County, TX, in report order, with the categories of both', () => {
    const listed = extract.policies.filter((row) => row.jurisdiction === 'Travis County, Texas');
    expect(listed.map((p) => [p.dateEnacted, p.page])).toEqual([
      ['January 2017', 20],
      ['July 2014', 24],
    ]);
    const travis = byId('county:48453')!;
    expect(travis.policies).toEqual(listed);
    expect(travis.categories).toEqual(categoriesOf(listed));
    // the older row's categories are not lost behind the newer one's
    const older = categoriesOf([listed[1]]);
    expect(older.length).toBeGreaterThan(0);
    for (const c of older) {
      expect(travis.categories.find((t) => t.category === c.category)?.phrases).toEqual(
        expect.arrayContaining(c.phrases),
      );
    }
  });

  it('keeps every Section III row of every jurisdiction the report lists more than once', () => {
    const rowsByName = new Map<string, number>();
    for (const row of extract.policies)
      rowsByName.set(row.jurisdiction, (rowsByName.get(row.jurisdiction) ?? 0) + 1);
    const repeated = [...rowsByName].filter(([, n]) => n > 1);
    expect(repeated.length).toBeGreaterThan(1);
    for (const [name, n] of repeated) {
      const holders = result.jurisdictions.filter((j) => j.rawNames.includes(name));
      expect({ name, resolved: holders.length }).toEqual({ name, resolved: 1 });
      expect(holders[0].policies.filter((p) => p.jurisdiction === name)).toHaveLength(n);
    }
  });

  it('lists no Section III row for a jurisdiction the section does not name, and every row for those it does', () => {
    const sectionIII = new Set(extract.policies.map((p) => p.jurisdiction));
    const unlisted = result.jurisdictions.filter((j) => !j.rawNames.some((n) => sectionIII.has(n)));
    expect(unlisted.length).toBeGreaterThan(10);
    for (const j of unlisted)
      expect({ id: j.entity.id, policies: j.policies, categories: j.categories }).toEqual({
        id: j.entity.id,
        policies: [],
        categories: [],
      });
    for (const j of result.jurisdictions) {
      const expected = extract.policies.filter((p) => j.rawNames.includes(p.jurisdiction));
      expect({ id: j.entity.id, policies: j.policies }).toEqual({ id: j.entity.id, policies: expected });
    }
  });

  it('resolves the Section III towns and cities to their Census codes', () => {
    const hartford = result.jurisdictions.find((j) => j.rawNames.includes('Hartford, Connecticut'))!;
    expect(hartford.entity).toMatchObject({
      id: 'place:0937000',
      fips: '0937000',
      type: 'city',
      state: 'CT',
    });
    const eastHaven = result.jurisdictions.find((j) => j.rawNames.includes('East Haven. Connecticut'))!;
    expect(eastHaven.entity).toMatchObject({ id: 'cousub:0900922910', fips: '0900922910', type: 'town' });
    expect(eastHaven.policies.map((p) => p.jurisdiction)).toEqual(['East Haven. Connecticut']);
  });

  it('splits "Iowa City / Johnson County, Iowa" into two jurisdictions that share the policy', () => {
    const both = result.jurisdictions.filter((j) => j.rawNames.includes('Iowa City / Johnson County, Iowa'));
    expect(both.map((j) => j.entity.id).sort()).toEqual(['county:19103', 'place:1938595']);
    for (const j of both)
      expect(j.policies.map((p) => p.jurisdiction)).toContain('Iowa City / Johnson County, Iowa');
    // Johnson County is also listed on its own: it keeps both rows, in report order
    const county = both.find((j) => j.entity.id === 'county:19103')!;
    expect(county.policies.map((p) => p.jurisdiction)).toEqual(
      extract.policies
        .map((p) => p.jurisdiction)
        .filter((n) => n === 'Iowa City / Johnson County, Iowa' || n === 'Johnson County, Iowa'),
    );
    expect(county.policies).toHaveLength(2);
  });

  it('carries Section I counts and never invents one', () => {
    const clark = byId('county:32003')!;
    const printed = extract.highestVolume.find((r) => r.jurisdiction === 'Clark County' && r.state === 'NV')!;
    expect(clark.highestVolumeCount).toBe(printed.detainersIssued);
    const withCount = result.jurisdictions.filter((j) => j.highestVolumeCount !== null);
    expect(withCount.reduce((s, j) => s + j.highestVolumeCount!, 0)).toBe(
      extract.highestVolume.reduce((s, r) => s + r.detainersIssued!, 0),
    );
  });

  it('lists the names it cannot resolve with candidates and a reason, dropping no row', () => {
    const sanMiguel = result.unresolved.find((u) => u.raw === 'San Miguel, New Mexico')!;
    expect(sanMiguel).toMatchObject({ section: 'III', state: null });
    expect(sanMiguel.candidates.map((c) => c.id)).toContain('county:35047');
    expect(sanMiguel.reason).toMatch(/ambiguous/);
    expect(result.unresolved.find((u) => u.raw === 'Colorado County Jails, Colorado')?.section).toBe('III');

    const sectionII = result.jurisdictions.flatMap((j) => j.declinedRows.map((r) => r.rowIndex));
    const missedII = result.unresolved.filter((u) => u.section === 'II').flatMap((u) => u.rows);
    expect([...sectionII, ...missedII].sort((a, b) => a - b)).toEqual(extract.declined.map((_, i) => i));
    const missedIII = new Set(result.unresolved.filter((u) => u.section === 'III').flatMap((u) => u.rows));
    extract.policies.forEach((row, i) => {
      const named = result.jurisdictions.some((j) => j.rawNames.includes(row.jurisdiction));
      expect({ row: i, accounted: named !== missedIII.has(i) }).toEqual({ row: i, accounted: true });
    });
  });

  it('counts the renamed "Dade County" rows for Miami-Dade County, which runs the facility', () => {
    const miamiDade = byId('county:12086')!;
    expect(miamiDade.declinedCount).toBe(
      extract.declined.filter((r) => r.state === 'FL' && r.county === 'Dade County').length,
    );
    expect(miamiDade.rawNames).toEqual(
      expect.arrayContaining(['Dade County', 'DADE COUNTY CORRECTIONAL', 'Miami-Dade County, Florida']),
    );
    expect(byId('county:12069')).toBeUndefined(); // Lake County, one typo away from "Dade County"
  });

  it('marks jurisdictions new only when the previous report did not list them', () => {
    const again = classifyReport(extract, resolver, {
      previous: new Set(['county:48453']),
      previousReportId: 'b'.repeat(64),
    });
    const travis = again.jurisdictions.find((j) => j.entity.id === 'county:48453')!;
    expect(travis).toMatchObject({ isNew: false, previousReportId: 'b'.repeat(64) });
    expect(again.jurisdictions.filter((j) => j.isNew)).toHaveLength(again.jurisdictions.length - 1);
  });
});

describe('classifyReport on edge rows', () => {
  const base: ReportExtract = {
    reportId: 'c'.repeat(64),
    title: 'Weekly Declined Detainer Outcome Report',
    periodStart: null,
    periodEnd: null,
    detainersIssued: null,
    pageCount: 1,
    highestVolume: [],
    declined: [],
    policies: [],
    warnings: [],
  };
  const declined = (state: string, county: string, facility: string) => ({
    state,
    county,
    facility,
    citizenship: 'Mexico',
    notableCriminalActivity: 'DWI',
    detainerIssued: null,
    detainerDeclined: null,
    page: 1,
  });

  it('sums the Section I rows of one entity and keeps an unresolvable Section II row with its rows', () => {
    const result = classifyReport(
      {
        ...base,
        highestVolume: [
          { jurisdiction: 'Travis County', state: 'TX', detainersIssued: 40, page: 1 },
          { jurisdiction: 'Travis', state: 'TX', detainersIssued: 7, page: 1 },
        ],
        declined: [
          declined('TX', 'Qwertyuiop County', 'QWERTY JAIL'),
          declined('TX', 'Travis County', 'TRAVIS CTY JAIL'),
          declined('TX', 'Qwertyuiop County', 'QWERTY JAIL'),
        ],
      },
      resolver,
    );
    const travis = result.jurisdictions.find((j) => j.entity.id === 'county:48453')!;
    expect(travis.highestVolumeCount).toBe(47);
    expect(travis.rawNames).toEqual(['Travis County', 'Travis', 'TRAVIS CTY JAIL']);
    expect(travis.declinedRows.map((r) => r.rowIndex)).toEqual([1]);
    expect(result.unresolved).toEqual([
      expect.objectContaining({
        raw: 'Qwertyuiop County',
        section: 'II',
        state: 'TX',
        facility: 'QWERTY JAIL',
        rows: [0, 2],
      }),
    ]);
    expect(result.unresolved[0].reason).toMatch(/unknown/);
    expect(travis.unresolvedInReport).toBe(1);
  });

  it('reports an unknown Section I sum, never a partial one, when a listed count could not be read', () => {
    const result = classifyReport(
      {
        ...base,
        highestVolume: [
          { jurisdiction: 'Travis County', state: 'TX', detainersIssued: 40, page: 1 },
          { jurisdiction: 'Travis', state: 'TX', detainersIssued: null, page: 1 },
        ],
      },
      resolver,
    );
    expect(result.jurisdictions).toHaveLength(1);
    expect(result.jurisdictions[0].highestVolumeCount).toBeNull();
  });

  it('does not charge a county jail row with a blank county column to the state', () => {
    const result = classifyReport({ ...base, declined: [declined('OR', '', 'ZZYZX HOLDING')] }, resolver);
    expect(result.jurisdictions).toEqual([]);
    expect(result.unresolved[0]).toMatchObject({ raw: 'ZZYZX HOLDING', section: 'II', rows: [0] });
  });

  it('does not split a Section I count between the two jurisdictions a name designates', () => {
    const result = classifyReport(
      {
        ...base,
        highestVolume: [
          { jurisdiction: 'Iowa City/Johnson County', state: 'IA', detainersIssued: 9, page: 1 },
        ],
      },
      resolver,
    );
    expect(result.jurisdictions).toEqual([]);
    expect(result.unresolved[0].candidates.map((c) => c.id).sort()).toEqual([
      'county:19103',
      'place:1938595',
    ]);
  });
});

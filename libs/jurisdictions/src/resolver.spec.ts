import { FacilityAliasTable } from './facility-aliases';
import { GazetteerFileLoader } from './gazetteer.loader';
import { HIGH_CONFIDENCE, createResolver, type Resolver } from './resolver';

describe('createResolver', () => {
  let r: Resolver;
  beforeAll(() => {
    const loader = new GazetteerFileLoader();
    r = createResolver(loader.loadGazetteer(), { facilityAliases: loader.loadFacilityAliases() });
  });

  it('resolves "Hartford, CT" to Hartford city, listing the coextensive town below it, never the county', () => {
    const res = r.resolve('Hartford, CT');
    expect(res.resolved).toMatchObject({ id: 'place:0937000', name: 'Hartford city', type: 'city' });
    expect(res.resolved!.confidence).toBeGreaterThanOrEqual(HIGH_CONFIDENCE);
    const town = res.candidates.find((c) => c.id === 'cousub:0900337070');
    expect(town!.confidence).toBeLessThan(HIGH_CONFIDENCE);
    expect(res.candidates.map((c) => c.id)).not.toContain('county:09003');
    expect(r.resolve('Hartford County, CT').resolved!.id).toBe('county:09003');
    expect(r.resolve('Hartford town, CT').resolved!.id).toBe('cousub:0900337070');
  });

  it('refuses "Franklin County" without a state and ranks the candidates', () => {
    const res = r.resolve('Franklin County');
    expect(res.resolved).toBeNull();
    expect(res.reason).toMatch(
      /^ambiguous: \d+ counties named "franklin county" in \d+ states; give a state$/,
    );
    expect(res.candidates.length).toBeGreaterThan(5);
    expect(res.candidates[0].id).toBe('county:39049'); // the most populous, Franklin County OH
    expect(r.resolve('Franklin County, Iowa').resolved!.id).toBe('county:19069');
    expect(r.resolve('Franklin County', { state: 'NY' }).resolved!.id).toBe('county:36033');
  });

  it('finds Connecticut towns that are county subdivisions only', () => {
    const res = r.resolve('East Haven, CT');
    expect(res.resolved).toMatchObject({ id: 'cousub:0900922910', type: 'town', parentId: 'county:09009' });
    expect(r.resolve('East Haven. Connecticut').resolved!.id).toBe('cousub:0900922910');
  });

  it('splits "Iowa City/Johnson County" into two entities', () => {
    const all = r.resolveAll('Iowa City/Johnson County, Iowa (Saint Paul)');
    expect(all.map((x) => x.resolved!.id)).toEqual(['place:1938595', 'county:19103']);
    const one = r.resolve('Iowa City/Johnson County, Iowa (Saint Paul)');
    expect(one.resolved).toBeNull();
    expect(one.entities!.map((e) => e.id)).toEqual(['place:1938595', 'county:19103']);
  });

  it('reads "lowa" as Iowa with low confidence', () => {
    const res = r.resolve('Cass County, lowa');
    expect(res.resolved!.id).toBe('county:19029');
    expect(res.resolved!.confidence).toBeLessThan(HIGH_CONFIDENCE);
    expect(r.resolve('Cass County, Iowa').resolved!.confidence).toBeGreaterThanOrEqual(HIGH_CONFIDENCE);
  });

  it('maps states, "State of", USPS codes and state agencies to the state', () => {
    for (const q of ['Connecticut', 'State of Connecticut', 'Connecticut Department of Correction', 'CT']) {
      expect(r.resolve(q).resolved).toMatchObject({ id: 'state:09', type: 'state' });
    }
  });

  it('strips the AOR and handles abbreviations', () => {
    expect(r.resolve('Travis County, Texas (San Antonio)').resolved!.id).toBe('county:48453');
    expect(r.resolve('Ft. Bend Co., TX').resolved!.id).toBe('county:48157');
    expect(r.resolve('St. Lawrence County, New York').resolved!.id).toBe('county:36089');
    expect(r.resolve('Clark County, NV').resolved!.id).toBe('county:32003');
  });

  it('resolves facilities through the alias table and through the county they name', () => {
    const rita = r.resolve('Santa Rita Jail').resolved!;
    expect(rita).toMatchObject({ type: 'facility', state: 'CA', parentId: 'county:06001', fips: null });
    expect(rita.id).toBe('facility:CA:santa-rita-jail');
    expect(r.resolve('Clark County Detention Center').resolved!.parentId).toBe('county:32003');
    expect(r.resolve('Travis County Jail', { state: 'TX' }).resolved!.parentId).toBe('county:48453');
    expect(r.resolve(rita.id).resolved!.parentId).toBe('county:06001');
  });

  it('accepts FIPS codes and entity ids', () => {
    expect(r.resolve('09').resolved!.id).toBe('state:09');
    expect(r.resolve('09003').resolved!.id).toBe('county:09003');
    expect(r.resolve('0937000').resolved!.id).toBe('place:0937000');
    expect(r.resolve('0900922910').resolved!.id).toBe('cousub:0900922910');
    expect(r.resolve('county:48453').resolved!.confidence).toBe(1);
    expect(r.resolve('99999').reason).toBe('no jurisdiction with code 99999');
  });

  it('says why an unknown name is not resolved', () => {
    expect(r.resolve('Blahblahville, TX')).toMatchObject({
      resolved: null,
      reason: 'unknown jurisdiction "blahblahville" in TX',
    });
    expect(r.resolve('Nowhere Regional Lockup', { state: 'OR' }).reason).toMatch(/^unknown facility/);
    expect(r.resolve('  ').reason).toBe('empty name');
  });

  it('reads a Section II row: state, county and facility columns', () => {
    const row = r.resolveSectionIIRow({ state: 'TEXAS', county: 'TRAVIS', facility: 'TRAVIS COUNTY JAIL' });
    expect(row.jurisdiction.resolved!.id).toBe('county:48453');
    expect(row.facility!.resolved).toMatchObject({ type: 'facility', parentId: 'county:48453' });
  });

  it('uses alias table edits at once', () => {
    const table = new FacilityAliasTable();
    const loader = new GazetteerFileLoader();
    const local = createResolver(loader.loadGazetteer(), { facilityAliases: table });
    expect(local.resolve('Glenn Dyer Jail', { state: 'CA' }).resolved).toBeNull();
    table.add({ state: 'CA', name: 'Glenn Dyer Jail', operatorId: 'county:06001', source: 'test' });
    expect(local.resolve('GLENN DYER JAIL', { state: 'CA' }).resolved!.parentId).toBe('county:06001');
    expect(table.remove('CA', 'glenn dyer jail')).toBe(true);
    expect(() => table.add({ state: 'CA', name: 'X Jail', operatorId: 'Alameda', source: 't' })).toThrow(
      /jurisdiction id/,
    );
  });
});

import { createResolver } from '@detainer-watch/jurisdictions';
import { InvalidRequestError } from '../../errors';
import { shippedSource } from '../../testing/shipped-source';
import { resolveFromQuery, resolveJurisdiction } from './resolve-jurisdiction';

const resolver = createResolver(shippedSource.loadGazetteer(), {
  facilityAliases: shippedSource.loadFacilityAliases(),
});

describe('resolveJurisdiction', () => {
  it('resolves a city name with its state to the place, listing the coextensive town as a candidate', () => {
    const reply = resolveJurisdiction(resolver, { q: 'Hartford, CT' });
    expect(reply.resolved).toMatchObject({ id: 'place:0937000', type: 'city', fips: '0937000' });
    expect(reply.candidates.map((c) => c.id)).toContain('cousub:0900337070');
    expect(reply.reason).toBeNull();
    expect(reply).not.toHaveProperty('entities');
  });

  it('says why an ambiguous name resolves to nothing, with every candidate', () => {
    const reply = resolveJurisdiction(resolver, { q: 'Franklin County' });
    expect(reply.resolved).toBeNull();
    expect(reply.reason).toMatch(/ambiguous/);
    expect(new Set(reply.candidates.map((c) => c.state)).size).toBeGreaterThan(10);
    expect(resolveJurisdiction(resolver, { q: 'Franklin County', state: 'OH' }).resolved?.id).toBe(
      'county:39049',
    );
  });

  it('resolves ids and FIPS codes directly', () => {
    expect(resolveJurisdiction(resolver, { q: '48453' }).resolved?.id).toBe('county:48453');
    expect(resolveJurisdiction(resolver, { q: 'cousub:0900922910' }).resolved?.name).toBe('East Haven town');
  });

  it.each([
    [undefined, /^invalid resolve request: Invalid input: expected object, received undefined$/],
    [{}, /q: /],
    [{ q: '' }, /q: /],
    [{ q: 'x'.repeat(301) }, /q: /],
    [{ q: 'Hartford', state: 'ct' }, /state: /],
  ])('refuses %j naming the field', (request, message) => {
    expect(() => resolveJurisdiction(resolver, request)).toThrow(InvalidRequestError);
    expect(() => resolveJurisdiction(resolver, request)).toThrow(message);
  });

  it('accepts a lower-case state from a query string', () => {
    expect(resolveFromQuery(resolver, { q: 'Franklin County', state: 'oh' }).resolved?.id).toBe(
      'county:39049',
    );
    expect(() => resolveFromQuery(resolver, { state: 'oh' })).toThrow(/q: /);
  });
});

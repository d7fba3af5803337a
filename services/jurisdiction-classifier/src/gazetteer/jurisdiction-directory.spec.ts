import pino from 'pino';
import { InMemoryFacilityAliasRepository } from '../testing/in-memory-facility-alias.repository';
import { shippedSource } from '../testing/shipped-source';
import { FacilityAliasManager } from '../usecases/manage-facility-aliases/manage-facility-aliases';
import { JurisdictionDirectory } from './jurisdiction-directory';

const logger = pino({ level: 'silent' });

describe('JurisdictionDirectory', () => {
  const shipped = shippedSource
    .loadFacilityAliases()
    .find((a) => a.state === 'TX' && a.operatorId === 'county:48453')!;

  it('uses stored aliases over shipped ones, and restores the shipped one when the stored one goes', async () => {
    const repo = new InMemoryFacilityAliasRepository();
    const directory = await JurisdictionDirectory.load(shippedSource, repo, logger);
    const parentOf = () => directory.resolver.resolve(shipped.name, { state: 'TX' }).resolved?.parentId;
    expect(parentOf()).toBe('county:48453');

    const { alias } = await repo.upsert({
      state: 'TX',
      alias: shipped.name.toLowerCase(),
      aliasKey: 'ignored-by-the-directory',
      entityId: 'county:48029',
      source: 'api',
    });
    await directory.refresh();
    expect(parentOf()).toBe('county:48029');

    await repo.remove(alias.id);
    await directory.refresh();
    expect(parentOf()).toBe('county:48453');
  });

  it('re-reads the stored aliases only when they changed', async () => {
    const repo = new InMemoryFacilityAliasRepository();
    const directory = await JurisdictionDirectory.load(shippedSource, repo, logger);
    const reads = repo.reads;
    await directory.refresh();
    await directory.refresh();
    expect(repo.reads).toBe(reads);
    await repo.upsert({
      state: 'TX',
      alias: 'Zzyzx Jail',
      aliasKey: 'zzyzx jail',
      entityId: 'county:48453',
      source: 'api',
    });
    await directory.refresh();
    expect(repo.reads).toBe(reads + 1);
  });

  it('skips a stored alias the resolver refuses instead of failing to start', async () => {
    const repo = new InMemoryFacilityAliasRepository();
    await repo.upsert({
      state: 'TX',
      alias: 'Zzyzx Jail',
      aliasKey: 'zzyzx jail',
      entityId: 'nonsense',
      source: 'db',
    });
    const directory = await JurisdictionDirectory.load(shippedSource, repo, logger);
    expect(directory.resolver.resolve('Zzyzx Jail', { state: 'TX' }).resolved).toBeNull();
  });
});

describe('FacilityAliasManager', () => {
  let manager: FacilityAliasManager;
  let directory: JurisdictionDirectory;

  beforeAll(async () => {
    const repo = new InMemoryFacilityAliasRepository();
    directory = await JurisdictionDirectory.load(shippedSource, repo, logger);
    manager = new FacilityAliasManager(repo, directory);
  });

  it.each([
    [{ state: 'TX', entityId: 'county:48453' }, /alias: /],
    [{ alias: 'X Jail', state: 'Texas', entityId: 'county:48453' }, /state: a two-letter USPS code/],
    [
      { alias: 'X Jail', state: 'TX', entityId: 'county:99999' },
      /entityId "county:99999" is not a jurisdiction id/,
    ],
    [{ alias: 'X Jail', state: 'TX', entityId: 'place:0937000' }, /Hartford city\) is in CT, not in TX/],
    [{ alias: '---', state: 'TX', entityId: 'county:48453' }, /has no letters or digits/],
  ])('refuses %j naming the problem', async (body, message) => {
    await expect(manager.add(body)).rejects.toThrow(message);
  });

  it('adds an alias the resolver uses at once, keyed by its normalised name', async () => {
    const first = await manager.add({ alias: 'Zzyzx Holding Center', state: 'tx', entityId: 'county:48453' });
    expect(first).toMatchObject({ created: true, alias: { state: 'TX', aliasKey: 'zzyzx holding center' } });
    expect(directory.resolver.resolve('ZZYZX HOLDING CENTER, TX').resolved?.parentId).toBe('county:48453');
    const again = await manager.add({
      alias: 'zzyzx  holding center',
      state: 'TX',
      entityId: 'county:48029',
    });
    expect(again.created).toBe(false);
    expect(await manager.list({ state: 'TX' })).toHaveLength(1);
    await expect(manager.remove(first.alias.id)).rejects.toThrow(
      `no facility alias with id ${first.alias.id}`,
    );
    await manager.remove(again.alias.id);
    expect(directory.resolver.resolve('ZZYZX HOLDING CENTER, TX').resolved).toBeNull();
  });
});

import { z } from 'zod';
import { UspsCode } from '@detainer-watch/contracts';
import { normalizeName } from '@detainer-watch/jurisdictions';
import type { FacilityAliasRepository, StoredFacilityAlias } from '../../aliases/facility-alias.repository';
import type { JurisdictionDirectory } from '../../gazetteer/jurisdiction-directory';
import { InvalidRequestError, NotFoundError, parseRequest } from '../../errors';

const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v);

export const AddFacilityAliasRequest = z.object({
  alias: z.string().trim().min(1, 'required').max(300, 'at most 300 characters'),
  state: z.preprocess(upper, UspsCode),
  entityId: z.string().trim().min(1, 'required').max(200),
});

export const ListFacilityAliasesQuery = z.object({ state: z.preprocess(upper, UspsCode).optional() });

const AliasId = z.string().regex(/^[1-9]\d{0,17}$/, 'an alias id is a positive whole number');

/** Ops' facility aliases: stored in the service schema, applied to the resolver at once and after a restart. */
export class FacilityAliasManager {
  constructor(
    private readonly repository: FacilityAliasRepository,
    private readonly directory: JurisdictionDirectory,
  ) {}

  list(query: unknown): Promise<StoredFacilityAlias[]> {
    const { state } = parseRequest(ListFacilityAliasesQuery, 'query', query);
    return this.repository.list(state);
  }

  async add(body: unknown): Promise<{ alias: StoredFacilityAlias; created: boolean }> {
    const req = parseRequest(AddFacilityAliasRequest, 'facility alias', body);
    const aliasKey = normalizeName(req.alias);
    if (aliasKey === '') {
      throw new InvalidRequestError(`invalid facility alias: alias "${req.alias}" has no letters or digits`);
    }
    const entry = this.directory.resolver.gazetteer.byId(req.entityId);
    if (!entry) {
      throw new InvalidRequestError(
        `invalid facility alias: entityId "${req.entityId}" is not a jurisdiction id of the gazetteer ` +
          '(e.g. county:48453, place:0937000, cousub:0900922910, state:09)',
      );
    }
    if (entry.entity.state !== req.state) {
      throw new InvalidRequestError(
        `invalid facility alias: entityId "${req.entityId}" (${entry.entity.name}) is in ${entry.entity.state}, ` +
          `not in ${req.state}`,
      );
    }
    const result = await this.repository.upsert({
      state: req.state,
      alias: req.alias,
      aliasKey,
      entityId: req.entityId,
      source: 'api',
    });
    await this.directory.reload();
    return result;
  }

  async remove(id: string): Promise<StoredFacilityAlias> {
    const aliasId = parseRequest(AliasId, 'alias id', id);
    const removed = await this.repository.remove(aliasId);
    if (!removed) throw new NotFoundError(`no facility alias with id ${aliasId}`);
    await this.directory.reload();
    return removed;
  }
}

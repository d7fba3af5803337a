import type { DataSource } from 'typeorm';
import { FacilityAliasRow } from './facility-alias.entity';

export interface StoredFacilityAlias {
  id: string;
  state: string;
  alias: string;
  aliasKey: string;
  entityId: string;
  source: string;
  createdAt: string;
}

export type NewFacilityAlias = Omit<StoredFacilityAlias, 'id' | 'createdAt'>;

/** The aliases ops added, in the service schema. */
export interface FacilityAliasRepository {
  list(state?: string): Promise<StoredFacilityAlias[]>;
  /** Inserts, or replaces the entity of the alias with the same state and normalised name. */
  upsert(alias: NewFacilityAlias): Promise<{ alias: StoredFacilityAlias; created: boolean }>;
  remove(id: string): Promise<StoredFacilityAlias | null>;
  /** Changes whenever an alias is added, replaced or removed (by any replica): count and newest id. */
  version(): Promise<string>;
}

const COLUMNS =
  'id, state, alias, alias_key AS "aliasKey", entity_id AS "entityId", source, created_at AS "createdAt"';

const toStored = (r: FacilityAliasRow): StoredFacilityAlias => ({
  id: String(r.id),
  state: r.state,
  alias: r.alias,
  aliasKey: r.aliasKey,
  entityId: r.entityId,
  source: r.source,
  createdAt: new Date(r.createdAt).toISOString(),
});

export class TypeOrmFacilityAliasRepository implements FacilityAliasRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(state?: string): Promise<StoredFacilityAlias[]> {
    const rows = await this.dataSource.getRepository(FacilityAliasRow).find({
      where: state ? { state } : {},
      order: { state: 'ASC', aliasKey: 'ASC' },
    });
    return rows.map(toStored);
  }

  async upsert(alias: NewFacilityAlias): Promise<{ alias: StoredFacilityAlias; created: boolean }> {
    return this.dataSource.transaction(async (m) => {
      // A replacement gets a new id, so version() sees it even when the count stays the same.
      const gone: unknown[] = await m.query(
        // Wrapped in a SELECT: TypeORM answers a bare DELETE with [rows, count] instead of rows.
        'WITH gone AS (DELETE FROM facility_alias WHERE state = $1 AND alias_key = $2 RETURNING id) SELECT id FROM gone',
        [alias.state, alias.aliasKey],
      );
      const rows: FacilityAliasRow[] = await m.query(
        `INSERT INTO facility_alias (state, alias, alias_key, entity_id, source) VALUES ($1, $2, $3, $4, $5)
         RETURNING ${COLUMNS}`,
        [alias.state, alias.alias, alias.aliasKey, alias.entityId, alias.source],
      );
      return { alias: toStored(rows[0]), created: gone.length === 0 };
    });
  }

  async remove(id: string): Promise<StoredFacilityAlias | null> {
    const rows: FacilityAliasRow[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM facility_alias WHERE id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM gone`,
      [id],
    );
    return rows.length > 0 ? toStored(rows[0]) : null;
  }

  async version(): Promise<string> {
    const [row]: { n: string; newest: string | null }[] = await this.dataSource.query(
      'SELECT count(*) AS n, max(id) AS newest FROM facility_alias',
    );
    return `${row.n}:${row.newest ?? ''}`;
  }
}

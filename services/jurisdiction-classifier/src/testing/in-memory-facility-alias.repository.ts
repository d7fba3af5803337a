import type {
  FacilityAliasRepository,
  NewFacilityAlias,
  StoredFacilityAlias,
} from '../aliases/facility-alias.repository';

/** Same contract as the Postgres repository, in memory, for unit tests; `reads` counts list() calls. */
export class InMemoryFacilityAliasRepository implements FacilityAliasRepository {
  private readonly rows: StoredFacilityAlias[] = [];
  private nextId = 1;
  reads = 0;

  list(state?: string): Promise<StoredFacilityAlias[]> {
    this.reads++;
    return Promise.resolve(this.rows.filter((r) => !state || r.state === state).map((r) => ({ ...r })));
  }

  upsert(alias: NewFacilityAlias): Promise<{ alias: StoredFacilityAlias; created: boolean }> {
    const at = this.rows.findIndex((r) => r.state === alias.state && r.aliasKey === alias.aliasKey);
    if (at >= 0) this.rows.splice(at, 1);
    const stored = { ...alias, id: String(this.nextId++), createdAt: new Date().toISOString() };
    this.rows.push(stored);
    return Promise.resolve({ alias: { ...stored }, created: at < 0 });
  }

  remove(id: string): Promise<StoredFacilityAlias | null> {
    const at = this.rows.findIndex((r) => r.id === id);
    return Promise.resolve(at >= 0 ? this.rows.splice(at, 1)[0] : null);
  }

  version(): Promise<string> {
    return Promise.resolve(`${this.rows.length}:${this.nextId}`);
  }
}

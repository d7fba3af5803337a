import type { Logger } from '@detainer-watch/logging';
import {
  createResolver,
  FacilityAliasTable,
  type FacilityAlias,
  type GazetteerSource,
  normalizeName,
  type Resolver,
} from '@detainer-watch/jurisdictions';
import type { FacilityAliasRepository, StoredFacilityAlias } from '../aliases/facility-alias.repository';

const keyOf = (state: string, name: string): string => `${state}\u001f${normalizeName(name)}`;

/**
 * The resolver of this process: the gazetteer and shipped facility aliases, read once at start, plus the aliases
 * ops stored in the service schema, which override a shipped alias of the same state and name. Stored aliases are
 * re-applied from the database whenever it changed (`refresh`), so an alias added through one replica reaches the
 * others before they classify the next report.
 */
export class JurisdictionDirectory {
  private readonly shipped = new Map<string, FacilityAlias>();
  private applied = new Map<string, FacilityAlias>();
  private appliedVersion: string | null = null;

  private constructor(
    readonly resolver: Resolver,
    shipped: readonly FacilityAlias[],
    private readonly aliases: FacilityAliasRepository,
    private readonly logger: Logger,
  ) {
    for (const a of shipped) this.shipped.set(keyOf(a.state, a.name), a);
  }

  static async load(
    source: GazetteerSource,
    aliases: FacilityAliasRepository,
    logger: Logger,
  ): Promise<JurisdictionDirectory> {
    const started = performance.now();
    const gazetteer = source.loadGazetteer();
    const shipped = source.loadFacilityAliases();
    const resolver = createResolver(gazetteer, { facilityAliases: new FacilityAliasTable(shipped) });
    logger.info(
      {
        entities: gazetteer.size,
        shippedFacilityAliases: shipped.length,
        ms: Math.round(performance.now() - started),
      },
      'gazetteer loaded',
    );
    const directory = new JurisdictionDirectory(resolver, shipped, aliases, logger);
    await directory.refresh();
    return directory;
  }

  /** Re-reads the stored aliases when they changed since the last read. */
  async refresh(): Promise<void> {
    const version = await this.aliases.version();
    if (version === this.appliedVersion) return;
    this.apply(await this.aliases.list());
    this.appliedVersion = version;
  }

  /** Re-reads the stored aliases now (after this process changed them). */
  async reload(): Promise<void> {
    this.appliedVersion = null;
    await this.refresh();
  }

  private apply(stored: readonly StoredFacilityAlias[]): void {
    const table = this.resolver.facilityAliases;
    const next = new Map<string, FacilityAlias>();
    for (const s of stored) {
      next.set(keyOf(s.state, s.alias), {
        state: s.state,
        name: s.alias,
        operatorId: s.entityId,
        source: s.source,
      });
    }
    for (const [key, old] of this.applied) {
      if (next.has(key)) continue;
      table.remove(old.state, old.name);
      const shipped = this.shipped.get(key);
      if (shipped) table.add(shipped);
    }
    for (const alias of next.values()) {
      try {
        table.add(alias);
      } catch (err) {
        // Validated on the way in; a row edited by hand in the database is skipped, not fatal.
        this.logger.warn({ alias: alias.name, state: alias.state, err }, 'stored facility alias skipped');
        next.delete(keyOf(alias.state, alias.name));
      }
    }
    this.applied = next;
    this.logger.info({ storedFacilityAliases: next.size }, 'stored facility aliases applied');
  }
}

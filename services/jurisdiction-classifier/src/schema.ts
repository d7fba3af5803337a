import type { MigrationClass } from '@detainer-watch/persistence';
import { FacilityAliasRow } from './aliases/facility-alias.entity';
import { historyEntities } from './history/history.entities';
import { CreateClassifierTables1720000000000 } from './migrations/1720000000000-create-classifier-tables';

/** The entities and migrations of the service schema (the platform outbox/inbox ones are added by persistence). */
export const classifierEntities = [FacilityAliasRow, ...historyEntities];
export const classifierMigrations: MigrationClass[] = [CreateClassifierTables1720000000000];

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A facility alias added by ops through the API; see migrations/1720000000000. */
@Entity({ name: 'facility_alias' })
export class FacilityAliasRow {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'char', length: 2 })
  state!: string;

  /** As ops typed it. */
  @Column({ type: 'varchar', length: 300 })
  alias!: string;

  /** The resolver's normalised form; one alias per (state, key), like the in-memory table. */
  @Column({ name: 'alias_key', type: 'varchar', length: 300 })
  aliasKey!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 200 })
  entityId!: string;

  @Column({ type: 'varchar', length: 200 })
  source!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import type { DataSource } from 'typeorm';

/** Quotes a SQL identifier (schema, table, channel) so names from config can never inject SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The Postgres schema a service DataSource was created for; everything we write is qualified with it. */
export function schemaOf(dataSource: DataSource): string {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) {
    throw new Error(
      'this DataSource has no schema option: create it with createServiceDataSource({ schema, ... }) so the ' +
        'outbox and inbox tables are found in the service schema',
    );
  }
  return schema;
}

/** The NOTIFY channel the outbox of one schema signals on (channels are per database, so include the schema). */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`;
}

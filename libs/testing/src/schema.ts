import { Client } from 'pg';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function checkIdent(name: string): string {
  if (!IDENT.test(name))
    throw new Error(`schema name '${name}' must match ${IDENT} (it is spliced into SQL)`);
  return name;
}

async function withClient<T>(databaseUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty schema for one test run; fails if it already exists, since that would mix two runs' data. */
export async function createTestSchema(databaseUrl: string, name: string): Promise<string> {
  const schema = checkIdent(name);
  await withClient(databaseUrl, (c) => c.query(`CREATE SCHEMA "${schema}"`));
  return schema;
}

export async function dropTestSchema(databaseUrl: string, name: string): Promise<void> {
  const schema = checkIdent(name);
  await withClient(databaseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

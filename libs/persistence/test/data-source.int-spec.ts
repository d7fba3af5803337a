import pino from 'pino';
import type { Pool } from 'pg';
import { createServiceDataSource } from '../src';
import { startDbHarness, type DbHarness } from './harness';

jest.setTimeout(60_000);

describe('createServiceDataSource', () => {
  let h: DbHarness;
  beforeAll(async () => {
    h = await startDbHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates the schema, runs platform then service migrations into it, and records them there', async () => {
    const ds = await h.dataSource();
    const tables: { table_name: string }[] = await ds.query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [h.schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(['inbox', 'migrations', 'outbox', 'widgets']);
    const ran: { name: string }[] = await ds.query(`SELECT name FROM "${h.schema}".migrations ORDER BY id`);
    expect(ran.map((m) => m.name)).toEqual([
      'CreateOutbox1700000000000',
      'CreateInbox1700000000001',
      'IndexInboxProcessedAt1700000000002',
      'OutboxFastPath1700000000003',
      'CreateWidgets1760000000000',
    ]);
  });

  it('starts again on a migrated schema without re-running anything, even two at once', async () => {
    const [a, b] = await Promise.all([h.dataSource(), h.dataSource()]);
    const ran: unknown[] = await a.query(`SELECT name FROM "${h.schema}".migrations`);
    expect(ran).toHaveLength(5);
    expect(await b.query('SELECT count(*)::int AS n FROM widgets')).toEqual([{ n: 0 }]);
  });

  it('survives a connection error that arrives while no one else listens (a database restart)', async () => {
    const ds = await h.dataSource();
    const pool = (ds.driver as unknown as { master: Pool }).master;
    // A client the pool has handed out carries no pool listener, and TypeORM attaches its own a tick later: an
    // error in between (the server's FATAL "terminating connection" during a restart) had nobody to go to and
    // ended the notifier in a CI run.
    const client = await pool.connect();
    expect(() =>
      client.emit('error', new Error('terminating connection due to administrator command')),
    ).not.toThrow();
    client.release(new Error('broken: the pool drops this connection'));
    expect(await ds.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('refuses synchronize outside tests, naming NODE_ENV', async () => {
    await expect(
      createServiceDataSource({
        url: h.infra.databaseUrl,
        schema: h.schema,
        logger: pino({ level: 'silent' }),
        synchronize: true,
        nodeEnv: 'production',
      }),
    ).rejects.toThrow(/synchronize=true is refused because NODE_ENV is "production", not "test"/);
  });

  it('names the schema when a migration fails, and closes its pool', async () => {
    class Broken1770000000000 {
      name = 'Broken1770000000000';
      async up(runner: { query(sql: string): Promise<unknown> }) {
        await runner.query('CREATE TABLE widgets (id int)');
      }
      async down() {}
    }
    await expect(
      createServiceDataSource({
        url: h.infra.databaseUrl,
        schema: h.schema,
        migrations: [Broken1770000000000],
        logger: pino({ level: 'silent' }),
      }),
    ).rejects.toThrow(new RegExp(`migrating schema "${h.schema}" failed: .*widgets.* already exists`));
  });
});

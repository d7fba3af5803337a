import { Client } from 'pg';
import { connect, StorageType } from 'nats';
import {
  cleanupStreams,
  createTestSchema,
  dropTestSchema,
  startTestInfra,
  testBusOptions,
  uniqueRunId,
  type TestInfra,
} from '../src';

jest.setTimeout(60_000);

let infra: TestInfra;
beforeAll(async () => {
  infra = await startTestInfra();
});
afterAll(() => infra.stop());

async function schemaExists(name: string): Promise<boolean> {
  const c = new Client({ connectionString: infra.databaseUrl });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [name]);
    return r.rowCount === 1;
  } finally {
    await c.end();
  }
}

describe('test harness against real services', () => {
  it('creates and drops a schema per run, and refuses names that are not plain identifiers', async () => {
    const name = `t_${uniqueRunId()}`;
    await createTestSchema(infra.databaseUrl, name);
    expect(await schemaExists(name)).toBe(true);
    await expect(createTestSchema(infra.databaseUrl, name)).rejects.toThrow(/already exists/);
    await dropTestSchema(infra.databaseUrl, name);
    expect(await schemaExists(name)).toBe(false);
    await expect(createTestSchema(infra.databaseUrl, 'x"; DROP')).rejects.toThrow(/must match/);
  });

  it("deletes exactly one run's streams and buckets", async () => {
    const mine = testBusOptions(infra.natsUrl);
    const other = testBusOptions(infra.natsUrl);
    const nc = await connect({ servers: infra.natsUrl });
    try {
      const jsm = await nc.jetstreamManager();
      for (const n of [mine, other]) {
        await jsm.streams.add({ name: `${n.streamPrefix}EVENTS`, subjects: [`${n.subjectPrefix}x`] });
        await nc
          .jetstream()
          .views.os(`${n.streamPrefix}reports`.toLowerCase(), { storage: StorageType.Memory });
      }
      const deleted = await cleanupStreams(infra.natsUrl, mine.streamPrefix);
      expect(deleted.sort()).toEqual(
        [`${mine.streamPrefix}EVENTS`, `OBJ_${mine.streamPrefix.toLowerCase()}reports`].sort(),
      );
      await expect(jsm.streams.info(`${other.streamPrefix}EVENTS`)).resolves.toBeDefined();
      expect((await cleanupStreams(infra.natsUrl, other.streamPrefix)).length).toBe(2);
    } finally {
      await nc.close();
    }
  });
});

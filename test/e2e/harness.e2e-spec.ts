/**
 * The harness itself, so fault and scale tests can rely on it: processes from the production entrypoint, graceful
 * stop, SIGKILL, restart on the same port, replicas, crash detection, and a cleanup that leaves nothing behind.
 */
import { connect } from 'nats';
import { Client } from 'pg';
import { Stack, http } from '../support';

describe('test harness (test/support)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.create();
  }, 120_000);

  afterAll(async () => {
    await stack?.cleanup();
  }, 60_000);

  it('starts, stops, kills, restarts and replicates service processes, then removes every trace', async () => {
    const one = await stack.start('jurisdiction-classifier');
    const two = await stack.start('jurisdiction-classifier', { replica: 2 });
    expect(two.port).not.toBe(one.port);
    expect((await http(`${one.url}/ready`)).status).toBe(200);
    expect((await http(`${two.url}/ready`)).status).toBe(200);
    expect(one.pid).not.toBe(two.pid);

    // Graceful stop: SIGTERM exits 0 and is not a crash.
    expect(await stack.stop('jurisdiction-classifier', 'SIGTERM', { replica: 2 })).toMatchObject({
      code: 0,
      requested: true,
    });
    // SIGKILL, then a restart on the same port.
    expect(await stack.kill('jurisdiction-classifier')).toMatchObject({ signal: 'SIGKILL', requested: true });
    const again = await stack.restart('jurisdiction-classifier');
    expect(again.port).toBe(one.port);
    expect(again.pid).not.toBe(one.pid);
    expect(await stack.notReady()).toEqual([]);

    // A kill the harness did not ask for is reported as a crash, with the log.
    process.kill(again.pid!, 'SIGKILL');
    await again.exited;
    expect(stack.unexpectedExits().map((p) => p.key)).toEqual(['jurisdiction-classifier']);
    expect(stack.tail('jurisdiction-classifier')).toContain('jurisdiction-classifier started');
    await stack.start('jurisdiction-classifier');

    // Cleanup: processes stopped, schemas dropped, streams and buckets deleted.
    await stack.cleanup();
    expect(stack.all().every((p) => !p.running)).toBe(true);
    const pg = new Client({ connectionString: stack.databaseUrl });
    await pg.connect();
    const schemas = await pg.query(
      'SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE $1',
      [`${stack.runId}%`],
    );
    await pg.end();
    expect(schemas.rows).toEqual([]);
    const nc = await connect({ servers: stack.natsUrl });
    const names: string[] = [];
    for await (const name of (await nc.jetstreamManager()).streams.names()) names.push(name);
    await nc.close();
    expect(names.filter((n) => n.toLowerCase().includes(stack.runId))).toEqual([]);
  }, 150_000);
});

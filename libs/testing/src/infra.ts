import type { StartedTestContainer } from 'testcontainers';

export interface TestInfra {
  databaseUrl: string;
  natsUrl: string;
  /** `testcontainers` when containers were started for this run, `environment` when existing services are used. */
  source: 'testcontainers' | 'environment';
  stop(): Promise<void>;
}

const NO_RUNTIME = /Could not find a working container runtime strategy/;

/**
 * Postgres and NATS (JetStream) for integration tests. With a container runtime, fresh containers per run;
 * without one (testcontainers then rejects at once), the services named by DATABASE_URL / NATS_URL, defaulting
 * to the local ones. Any other container failure is an error: silently testing against something else would hide it.
 */
export async function startTestInfra(env: NodeJS.ProcessEnv = process.env): Promise<TestInfra> {
  const fallback: TestInfra = {
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    source: 'environment',
    stop: async () => undefined,
  };
  if (env.TEST_INFRA === 'environment') return fallback;
  const { GenericContainer, Wait } = await import('testcontainers');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const started: StartedTestContainer[] = [];
  try {
    const pg = await new PostgreSqlContainer('postgres:16-alpine').start();
    started.push(pg);
    const nats = await new GenericContainer('nats:2.10')
      .withCommand(['-js'])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start();
    started.push(nats);
    return {
      databaseUrl: pg.getConnectionUri(),
      natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
      source: 'testcontainers',
      stop: async () => {
        await Promise.all(started.map((c) => c.stop()));
      },
    };
  } catch (err) {
    await Promise.allSettled(started.map((c) => c.stop()));
    if (err instanceof Error && NO_RUNTIME.test(err.message)) return fallback;
    throw err;
  }
}

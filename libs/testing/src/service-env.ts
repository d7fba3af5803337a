import type { TestInfra } from './infra';
import type { TestBusNames } from './nats';

/**
 * The variables that point one service at this run's Postgres schema and NATS namespace, with its HTTP API on a free
 * loopback port. Tests add their service's own variables on top.
 */
export function testServiceEnv(
  infra: TestInfra,
  schema: string,
  names: TestBusNames,
): Record<string, string> {
  return {
    DATABASE_URL: infra.databaseUrl,
    DATABASE_SCHEMA: schema,
    NATS_URL: infra.natsUrl,
    NATS_SUBJECT_PREFIX: names.subjectPrefix,
    NATS_STREAM_PREFIX: names.streamPrefix,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
  };
}

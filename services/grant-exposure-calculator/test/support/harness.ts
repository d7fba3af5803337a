import pino from 'pino';
import type { DataSource } from 'typeorm';
import { RpcSubjects, type ResolveReply, type ResolveRequest } from '@detainer-watch/contracts';
import { GazetteerFileLoader, createResolver, type Resolver } from '@detainer-watch/jurisdictions';
import { JetStreamBus, type Subscription } from '@detainer-watch/messaging';
import { createServiceDataSource } from '@detainer-watch/persistence';
import {
  cleanupStreams,
  dropTestSchema,
  startTestInfra,
  testBusOptions,
  testServiceEnv,
  uniqueRunId,
  type TestInfra,
} from '@detainer-watch/testing';
import { createComponents, type Components } from '../../src/components';
import { migrations } from '../../src/migrations';
import { configSchema, type ServiceConfig } from '../../src/config';

export const quietLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'error' });

let resolver: Resolver | null = null;
/** The gazetteer resolver the jurisdiction classifier serves, loaded once per test file. */
export function gazetteerResolver(): Resolver {
  if (!resolver) {
    const loader = new GazetteerFileLoader();
    resolver = createResolver(loader.loadGazetteer(), { facilityAliases: loader.loadFacilityAliases() });
  }
  return resolver;
}

/**
 * Answers rpc.jurisdiction.resolve on the real bus with the real gazetteer resolver, as the jurisdiction classifier
 * does, so the service's request/reply path is exercised end to end.
 */
export function serveClassifier(bus: JetStreamBus): Promise<Subscription> {
  gazetteerResolver(); // loaded before serving, as the classifier does at start, not inside a request's timeout
  return bus.serve<ResolveRequest, ResolveReply>(RpcSubjects.ResolveJurisdiction, async (request) => {
    const r = gazetteerResolver().resolve(request.q, request.state ? { state: request.state } : {});
    return { q: r.q, resolved: r.resolved, candidates: r.candidates, reason: r.reason };
  });
}

export interface Harness {
  infra: TestInfra;
  runId: string;
  schema: string;
  env: Record<string, string>;
  config: ServiceConfig;
  dataSource: DataSource;
  bus: JetStreamBus;
  components: Components;
  close(): Promise<void>;
}

/** One run's schema (migrated), bus names and components, and how to remove them all. */
export async function startHarness(overrides: Record<string, string> = {}): Promise<Harness> {
  const infra = await startTestInfra();
  const runId = uniqueRunId();
  const schema = `gec_${runId}`;
  const names = testBusOptions(infra.natsUrl, runId);
  const env = {
    ...testServiceEnv(infra, schema, names),
    LOG_LEVEL: 'error',
    RESOLVE_TIMEOUT_MS: '2000',
    ...overrides,
  };
  const config = configSchema.parse(env);
  const dataSource = await createServiceDataSource({
    url: infra.databaseUrl,
    schema,
    migrations,
    logger: quietLogger,
  });
  const bus = await JetStreamBus.connect({ ...names, name: 'gec-int-test', logger: quietLogger });
  await bus.provision();
  const components = createComponents({ dataSource, rpc: bus, logger: quietLogger, config });
  return {
    infra,
    runId,
    schema,
    env,
    config,
    dataSource,
    bus,
    components,
    async close() {
      await bus.close();
      await dataSource.destroy();
      await dropTestSchema(infra.databaseUrl, schema);
      await cleanupStreams(infra.natsUrl, names.streamPrefix);
      await infra.stop();
    },
  };
}

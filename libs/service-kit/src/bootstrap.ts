import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import {
  ConfigError,
  databaseEnv,
  httpEnv,
  loadConfig,
  logEnv,
  natsEnv,
  type Env,
} from '@detainer-watch/config';
import { createLogger, type Logger } from '@detainer-watch/logging';
import { BusTransport, JetStreamBus, type BusObserver, type MessageBus } from '@detainer-watch/messaging';
import {
  createServiceDataSource,
  Outbox,
  OutboxRelay,
  schemaOf,
  type MigrationClass,
  type OutboxRelayOptions,
} from '@detainer-watch/persistence';
import { ServiceMetrics } from './metrics/service-metrics';
import { PlatformModule } from './platform.module';
import { exitOnSignals, runShutdown, type ShutdownStep } from './shutdown';

const kitEnv = databaseEnv.extend(httpEnv.shape).extend(logEnv.shape);
const kitEnvWithNats = kitEnv.extend(natsEnv.shape);

/** What the kit itself reads; NATS variables are only required when the kit builds the bus. */
export type KitConfig = z.infer<typeof kitEnv> & Partial<z.infer<typeof natsEnv>>;
export type ServiceConfig<S extends z.ZodObject> = KitConfig & z.infer<S>;

export interface FactoryContext<C> {
  name: string;
  config: C;
  logger: Logger;
}

export interface BootstrapOptions<S extends z.ZodObject> {
  name: string;
  appModule: Type<unknown> | DynamicModule;
  /** The service's own variables; the kit adds DATABASE_*, HTTP_*, LOG_LEVEL (and NATS_* without busFactory). */
  configSchema?: S;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities?: Function[];
  migrations?: MigrationClass[];
  env?: Env;
  /**
   * `standalone` (default): a bad config prints and exits 1, SIGTERM/SIGINT shut down gracefully and exit.
   * `embedded`: several services in one process: errors are thrown and signals are left to the host.
   */
  mode?: 'standalone' | 'embedded';
  /** A shared logger (embedded mode); otherwise one is created from LOG_LEVEL. */
  logger?: Logger;
  /** An injected bus (embedded mode: one InProcessBus for all services). The kit does not close it. */
  busFactory?: (ctx: FactoryContext<ServiceConfig<S>> & { observer: BusObserver }) => Promise<MessageBus>;
  /** An injected DataSource, already migrated. The kit does not destroy it. */
  dataSourceFactory?: (ctx: FactoryContext<ServiceConfig<S>>) => Promise<DataSource>;
  relay?: Pick<OutboxRelayOptions, 'batchSize' | 'pollIntervalMs'>;
  /**
   * Adjusts the Nest app before it listens (e.g. serving an OpenAPI document): routes added after start-up would
   * sit behind Nest's 404 handler.
   */
  configureApp?: (app: INestApplication) => void | Promise<void>;
  /** Graceful shutdown budget; below compose's default 10 s stop grace period. Default 8000 ms. */
  shutdownTimeoutMs?: number;
}

export interface RunningService<C> {
  app: INestApplication;
  config: C;
  logger: Logger;
  dataSource: DataSource;
  bus: MessageBus;
  outbox: Outbox;
  metrics: ServiceMetrics;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Stops HTTP, drains consumers, stops the relay, closes what the kit opened. Idempotent. */
  close(): Promise<void>;
}

/**
 * Boots a service as a Nest hybrid app: validated config, pino logging, its DataSource (migrated, outbox and
 * inbox included), a message bus with the service's @EventPattern handlers attached through BusTransport, the
 * outbox relay, /health, /ready, /metrics, and graceful shutdown.
 */
export async function bootstrapService<S extends z.ZodObject>(
  options: BootstrapOptions<S>,
): Promise<RunningService<ServiceConfig<S>>> {
  const mode = options.mode ?? 'standalone';
  const config = readConfig(options, mode);
  const logger = options.logger ?? createLogger({ service: options.name, level: config.LOG_LEVEL });
  const ctx = { name: options.name, config, logger };
  const steps: ShutdownStep[] = [];
  const closeOpened = () => runShutdown([...steps].reverse(), options.shutdownTimeoutMs ?? 8000, logger);
  try {
    const metrics = new ServiceMetrics(options.name);
    const dataSource = options.dataSourceFactory
      ? await options.dataSourceFactory(ctx)
      : await createServiceDataSource({
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          entities: options.entities,
          migrations: options.migrations,
          logger,
        });
    if (!options.dataSourceFactory)
      steps.push({ name: 'close database pool', run: () => dataSource.destroy() });

    const bus = options.busFactory
      ? await options.busFactory({ ...ctx, observer: metrics.busObserver })
      : await connectJetStream(options.name, config, logger, metrics.busObserver);
    if (!options.busFactory) steps.push({ name: 'close bus', run: () => bus.close() });
    await bus.provision();

    const outbox = new Outbox(schemaOf(dataSource));
    const relay = new OutboxRelay({
      ...options.relay,
      dataSource,
      publisher: bus,
      logger,
      observer: metrics.relayObserver,
    });
    const platform = { name: options.name, config, logger, dataSource, bus, outbox, metrics };
    const app = await NestFactory.create(
      { module: class ServiceRootModule {}, imports: [PlatformModule.forRoot(platform), options.appModule] },
      { bufferLogs: true },
    );
    app.useLogger(app.get(NestPinoLogger));
    await options.configureApp?.(app);
    // Nest's close() stops the HTTP server and drains the transport's consumers; the relay stops after them so
    // rows their handlers committed still go out.
    steps.push({ name: 'stop outbox relay', run: () => relay.stop() });
    steps.push({ name: 'stop HTTP and consumers', run: () => app.close() });
    app.connectMicroservice(
      { strategy: new BusTransport({ bus, service: options.name, logger }) },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await relay.start();
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    logger.info({ url, schema: schemaOf(dataSource) }, `${options.name} started`);

    let closing: Promise<void> | null = null;
    const close = () => (closing ??= closeOpened().then(() => logger.info(`${options.name} stopped`)));
    if (mode === 'standalone') exitOnSignals(close, logger);
    return { app, config, logger, dataSource, bus, outbox, metrics, url, close };
  } catch (err) {
    logger.error({ err }, `${options.name} failed to start`);
    await closeOpened().catch((e: Error) => logger.error({ err: e }, 'cleanup after failed start failed'));
    throw err;
  }
}

function readConfig<S extends z.ZodObject>(options: BootstrapOptions<S>, mode: string): ServiceConfig<S> {
  const base = options.busFactory ? kitEnv : kitEnvWithNats;
  // safeExtend keeps the service schema's own cross-variable checks (superRefine), which extending by shape drops.
  const schema = options.configSchema ? options.configSchema.safeExtend(base.shape) : base;
  try {
    return loadConfig(schema, options.env ?? process.env, { context: options.name }) as ServiceConfig<S>;
  } catch (err) {
    if (mode === 'standalone' && err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function connectJetStream(
  name: string,
  config: KitConfig,
  logger: Logger,
  observer: BusObserver,
): Promise<MessageBus> {
  if (!config.NATS_URL)
    throw new ConfigError([{ variable: 'NATS_URL', problem: 'missing', reason: 'it is required' }], name);
  return JetStreamBus.connect({
    servers: config.NATS_URL.split(','),
    name,
    subjectPrefix: config.NATS_SUBJECT_PREFIX,
    streamPrefix: config.NATS_STREAM_PREFIX,
    ackWaitMs: config.NATS_ACK_WAIT_MS,
    streamReplicas: config.NATS_STREAM_REPLICAS,
    logger,
    observer,
  });
}

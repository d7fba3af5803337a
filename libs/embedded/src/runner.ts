import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { Env, LogLevel } from '@detainer-watch/config';
import { createLogger, type Logger } from '@detainer-watch/logging';
import { FsBlobStore, InProcessBus } from '@detainer-watch/messaging';
import { createServiceDataSource } from '@detainer-watch/persistence';
import { bootstrapService } from '@detainer-watch/service-kit';
import { DrainingBus } from './draining-bus';
import { startEmbeddedDatabase, type RunningDatabase } from './embedded-database';
import { serviceEnv, type EmbeddedSettings } from './embedded-env';
import { readOrCreateSecret } from './secret-file';
import { ProgressReporter, type ProgressLine } from './progress';
import { EMBEDDED_SERVICES, definitionOf, withoutNats, type ServiceName } from './services';
import { ensureWatches, type WatchOutcome, type WatchRequest } from './watches';

export interface EmbeddedOptions {
  dataDir: string;
  /** Folder watched for dropped PDFs; default <dataDir>/inbox. */
  inboxDir?: string;
  /** HTTP ports: report-fetcher on portBase, then +1 .. +4 in pipeline order. */
  portBase: number;
  /** Address the HTTP APIs bind to; default 127.0.0.1 (HTTP_HOST overrides). */
  host?: string;
  watches?: readonly WatchRequest[];
  pollIce?: boolean;
  /** On stop, how long to let reports already picked up finish before the services stop. Default 60 s. */
  drainTimeoutMs?: number;
  /** The host environment; default process.env. */
  env?: Env;
  onProgress(line: ProgressLine): void;
  /** Errors and warnings from the services' logs, as one readable line each. */
  onLogProblem?(line: string): void;
}

export interface EmbeddedRuntime {
  services: { name: ServiceName; url: string }[];
  dataDir: string;
  inboxDir: string;
  mailDir: string;
  /** null when SMTP_HOST sends mail instead. */
  emlDir: string | null;
  logFile: string;
  database: { port: number; reused: boolean };
  notifierApiKey: string;
  watches: WatchOutcome[];
  /**
   * Stops taking reports (report-fetcher first), lets the reports already in the pipeline finish (bounded), stops
   * the other services in reverse order, then the bus and the embedded Postgres. Idempotent.
   */
  stop(): Promise<void>;
}

type Step = { name: string; run: () => Promise<unknown> };

const DEFAULT_DRAIN_TIMEOUT_MS = 60_000;
const deliveries = (n: number) => `${n} ${n === 1 ? 'delivery' : 'deliveries'} owed`;

/**
 * Runs the whole pipeline in this process: an embedded Postgres (one schema per service), one in-process bus
 * with report bytes in a folder, and the five services booted by service-kit exactly as their own main.ts does,
 * with the bus and data sources injected. Service logs go to <dataDir>/logs/detainer-watch.log.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedRuntime> {
  const hostEnv = options.env ?? process.env;
  const dataDir = resolve(options.dataDir);
  const inboxDir = resolve(options.inboxDir ?? join(dataDir, 'inbox'));
  const mailDir = resolve(hostEnv.MAIL_EML_DIR ?? join(dataDir, 'mail'));
  const logFile = join(dataDir, 'logs', 'detainer-watch.log');
  for (const d of [dataDir, inboxDir, mailDir, join(dataDir, 'logs'), join(dataDir, 'tmp')])
    await mkdir(d, { recursive: true });

  const logStream = pino.multistream([
    // Synchronous writes: nothing is lost when the process ends right after a line.
    { level: 'trace', stream: pino.destination({ dest: logFile, sync: true }) },
    { level: 'warn', stream: { write: (line: string) => options.onLogProblem?.(readableLogLine(line)) } },
  ]);
  const level = (hostEnv.LOG_LEVEL as LogLevel | undefined) ?? 'info';
  const loggerFor = (service: string): Logger => createLogger({ service, level, destination: logStream });
  const logger = loggerFor('embedded');

  // Every service must be wired before anything is started.
  const definitions = EMBEDDED_SERVICES.map((service) => ({ service, definition: definitionOf(service) }));
  // Shared parts (database, bus, progress) stop last; services stop first, each with its own steps.
  const stack: Step[] = [];
  const serviceSteps: Step[][] = [];
  let drainingBus: DrainingBus | null = null;
  const run = async (step: Step) => {
    try {
      await step.run();
    } catch (err) {
      logger.error({ err, step: step.name }, 'shutdown step failed');
    }
  };
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const [intake, ...downstream] = serviceSteps.splice(0);
      for (const step of intake ?? []) await run(step);
      if (drainingBus && downstream.length > 0) await drain(drainingBus);
      for (const steps of downstream.reverse()) for (const step of steps) await run(step);
      for (const step of stack.splice(0).reverse()) await run(step);
      logger.info('embedded mode stopped');
    })());
  const drain = async (bus: DrainingBus) => {
    if (bus.isIdle()) return;
    const timeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    const note = (text: string) => options.onProgress({ at: new Date(), reportId: null, text, kind: 'step' });
    const owed = bus.pending > 0 ? ` (${deliveries(bus.pending)})` : '';
    note(`finishing the work in progress${owed} before stopping, up to ${timeoutMs / 1000} s`);
    if (!(await bus.whenIdle(timeoutMs))) {
      logger.warn(
        { pending: bus.pending },
        'pipeline still busy at the drain timeout; its in-memory events are lost',
      );
      options.onProgress({
        at: new Date(),
        reportId: null,
        text: `still busy after ${timeoutMs / 1000} s (${deliveries(bus.pending)}); stopping anyway`,
        kind: 'problem',
      });
    }
  };

  try {
    const db: RunningDatabase = await startEmbeddedDatabase({ dir: dataDir, logger: loggerFor('postgres') });
    stack.push({ name: 'stop embedded Postgres', run: () => db.stop() });

    const bus = new InProcessBus({
      blobs: new FsBlobStore(join(dataDir, 'blobs')),
      logger: loggerFor('bus'),
    });
    stack.push({ name: 'close bus', run: () => bus.close() });

    // The services get a view that counts the deliveries still owed, so stop() can let them finish; progress
    // listens on the bus itself and is not waited for.
    const servicesBus = (drainingBus = new DrainingBus(bus));
    const progress = new ProgressReporter(options.onProgress, hostEnv.SMTP_HOST ? 'sent' : 'written');
    await progress.attach(bus);
    stack.push({ name: 'stop progress', run: () => progress.detach() });

    const settings: EmbeddedSettings = {
      databaseUrl: db.url,
      portBase: options.portBase,
      host: options.host ?? '127.0.0.1',
      inboxDir,
      mailDir,
      tempDir: join(dataDir, 'tmp'),
      notifierApiKey:
        hostEnv.NOTIFIER_API_KEY ?? (await readOrCreateSecret(join(dataDir, 'notifier-api-key'))),
      pollIce: options.pollIce ?? false,
    };

    const services: EmbeddedRuntime['services'] = [];
    for (const { service, definition } of definitions) {
      const serviceLogger = loggerFor(service.name);
      let dataSource: DataSource | null = null;
      const running = await bootstrapService({
        name: definition.name,
        appModule: definition.appModule,
        configSchema: withoutNats(definition.configSchema),
        entities: definition.entities,
        migrations: definition.migrations,
        env: serviceEnv(service, settings, hostEnv),
        mode: 'embedded',
        logger: serviceLogger,
        busFactory: async () => servicesBus,
        // Four connections per service keep the five pools (plus one LISTEN each) far below max_connections.
        dataSourceFactory: async ({ config }) =>
          (dataSource = await createServiceDataSource({
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            entities: definition.entities,
            migrations: definition.migrations,
            logger: serviceLogger,
            poolSize: 4,
          })),
      }).catch(async (err: unknown) => {
        await (dataSource as DataSource | null)?.destroy().catch(() => undefined);
        throw err;
      });
      const ds = dataSource as DataSource | null;
      serviceSteps.push([
        { name: `stop ${service.name}`, run: () => running.close() },
        { name: `close ${service.name} database pool`, run: async () => ds?.destroy() },
      ]);
      services.push({ name: service.name, url: running.url });
    }

    const notifierUrl = services.find((s) => s.name === 'notifier')!.url;
    const watches = await ensureWatches(options.watches ?? [], {
      notifierUrl,
      apiKey: settings.notifierApiKey,
      rpc: bus,
    });
    logger.info({ services, watches: watches.map((w) => w.watchId) }, 'embedded mode ready');
    return {
      services,
      dataDir,
      inboxDir,
      mailDir,
      emlDir: hostEnv.SMTP_HOST ? null : mailDir,
      logFile,
      database: { port: db.port, reused: db.reused },
      notifierApiKey: settings.notifierApiKey,
      watches,
      stop,
    };
  } catch (err) {
    logger.error({ err }, 'embedded mode failed to start');
    await stop();
    throw err;
  }
}

/** `notifier: mail delivery failed (connect ECONNREFUSED)` from a pino JSON line. */
function readableLogLine(json: string): string {
  try {
    const l = JSON.parse(json) as {
      level?: string;
      service?: string;
      msg?: string;
      err?: { message?: string };
    };
    return `${l.level ?? 'warn'} ${l.service ?? ''}: ${l.msg ?? ''}${l.err?.message ? ` (${l.err.message})` : ''}`;
  } catch {
    return json.trim();
  }
}

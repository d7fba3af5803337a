import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cleanupStreams,
  dropTestSchema,
  startTestInfra,
  testBusOptions,
  uniqueRunId,
  type TestInfra,
} from '@detainer-watch/testing';
import { ensureBuilt } from './build';
import { freePort } from './free-port';
import { httpOk } from './http';
import { SCHEMA_SUFFIX, SERVICE_NAMES, entrypointOf, repoRoot, type ServiceName } from './services';
import { WaitAborted, waitFor, within } from '@detainer-watch/testing';

export type Env = Record<string, string>;

export interface StackOptions {
  /** Postgres and NATS; default: startTestInfra() (testcontainers, else DATABASE_URL / NATS_URL / local). */
  infra?: TestInfra;
  /** The SMTP server the notifier sends to (e.g. an SmtpSink). Without it the notifier writes .eml files. */
  smtp?: { host: string; port: number };
  /** The fetcher's sources (REPORT_FETCHER_CONFIG `sources`); default none, so only uploads bring reports. */
  fetcherSources?: unknown[];
  /** Extra variables per service, over the harness defaults (and under the ones the harness owns). */
  env?: Partial<Record<ServiceName, Env>>;
  /** Extra variables for every service, under the per-service ones. */
  envAll?: Env;
  /** NOTIFIER_API_KEY; default a random one (see `Stack.notifierApiKey`). */
  notifierApiKey?: string;
  /** LOG_LEVEL of every service; default E2E_LOG_LEVEL or info. */
  logLevel?: string;
  /** How long a service may take to answer 200 on /ready; default 90 s (five Node processes on a busy machine). */
  readyTimeoutMs?: number;
}

export interface StartOptions {
  /** 1 (default) is the primary instance; 2, 3... are more replicas with the same schema and bus names. */
  replica?: number;
  /** Variables for this start only, over everything else but the database, bus and port. */
  env?: Env;
  /** Don't wait for /ready (a test that expects the process to fail or to hang). */
  noWait?: boolean;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the harness asked for it (stop/kill/restart/cleanup). */
  requested: boolean;
  at: Date;
}

/** One running (or finished) service process. */
export class ServiceProcess {
  exit: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;
  stopRequested = false;

  constructor(
    readonly name: ServiceName,
    readonly replica: number,
    readonly port: number,
    readonly logFile: string,
    readonly child: ChildProcess,
    log: WriteStream,
  ) {
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exit = { code, signal, requested: this.stopRequested, at: new Date() };
        resolve(this.exit);
      });
      // 'close' comes after the last output is read ('exit' may come before): only then may the log end.
      child.on('close', (code, signal) =>
        log.end(`\n--- harness: process exited (code ${code}, signal ${signal}) ---\n`),
      );
    });
  }

  get key(): string {
    return instanceKey(this.name, this.replica);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.exit === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
}

const instanceKey = (name: ServiceName, replica: number) => (replica === 1 ? name : `${name}#${replica}`);

/**
 * The five services, each a separate Node process started from its production entrypoint
 * (`node services/<name>/dist/main.js`) with an environment unique to this run: its own schemas, subject and stream
 * prefixes, ports and temp folder. Logs go to files under the run's temp folder; `tails()` shows their ends.
 */
export class Stack {
  readonly runId: string;
  readonly subjectPrefix: string;
  readonly streamPrefix: string;
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly dir: string;
  /** The notifier's NOTIFIER_API_KEY in this run. */
  readonly notifierApiKey: string;
  private readonly instances = new Map<string, ServiceProcess>();
  /** Every process this run started, restarts included, in start order. */
  private readonly history: ServiceProcess[] = [];
  private readonly ports = new Map<string, number>();
  private readonly lastStartEnv = new Map<string, Env | undefined>();
  private cleaned = false;

  private constructor(
    private readonly infra: TestInfra,
    private readonly ownsInfra: boolean,
    private readonly options: StackOptions,
  ) {
    this.runId = uniqueRunId();
    const names = testBusOptions(infra.natsUrl, this.runId);
    this.subjectPrefix = names.subjectPrefix;
    this.streamPrefix = names.streamPrefix;
    this.databaseUrl = infra.databaseUrl;
    this.natsUrl = infra.natsUrl;
    this.notifierApiKey = options.notifierApiKey ?? randomBytes(24).toString('base64url');
    this.dir = mkdtempSync(join(tmpdir(), `dw-e2e-${this.runId}-`));
  }

  /** Checks the build (see ensureBuilt), then prepares a run; no process is started yet. */
  static async create(options: StackOptions = {}): Promise<Stack> {
    await ensureBuilt();
    const infra = options.infra ?? (await startTestInfra());
    return new Stack(infra, options.infra === undefined, options);
  }

  /** Creates a watch through the notifier's API (confirmation is off in the harness); returns its ids. */
  async addWatch(watch: {
    email: string;
    jurisdiction: string;
  }): Promise<{ id: string; jurisdictionId: string }> {
    const created = await httpOk<{ id: string; jurisdiction: { id: string } }>(
      `${this.url('notifier')}/watches`,
      {
        method: 'POST',
        headers: { 'x-api-key': this.notifierApiKey },
        json: watch,
      },
    );
    return { id: created.id, jurisdictionId: created.jurisdiction.id };
  }

  schemaOf(name: ServiceName): string {
    return `${this.runId}_${SCHEMA_SUFFIX[name]}`;
  }

  /** The JetStream stream holding every event of this run. */
  get eventsStream(): string {
    return `${this.streamPrefix}EVENTS`;
  }

  /** Base URL of a service instance (started or not yet: its port is fixed at the first start). */
  url(name: ServiceName, replica = 1): string {
    const p = this.instances.get(instanceKey(name, replica));
    if (!p) throw new Error(`${instanceKey(name, replica)} was never started in this run`);
    return p.url;
  }

  process(name: ServiceName, replica = 1): ServiceProcess {
    const p = this.instances.get(instanceKey(name, replica));
    if (!p) throw new Error(`${instanceKey(name, replica)} was never started in this run`);
    return p;
  }

  /** The latest process of every instance started, running or not. */
  all(): ServiceProcess[] {
    return [...this.instances.values()];
  }

  /** Exits nobody asked for (a crash), including those of processes started again since. */
  unexpectedExits(): ServiceProcess[] {
    return this.history.filter((p) => p.exit !== null && !p.exit.requested);
  }

  /** Starts the given services (default all five) at the same time and waits until each answers /ready. */
  async startAll(names: readonly ServiceName[] = SERVICE_NAMES): Promise<void> {
    await Promise.all(names.map((n) => this.start(n)));
  }

  /** Starts one instance; resolves once GET /ready answers 200 (rejects with its log tail if it exits first). */
  async start(name: ServiceName, opts: StartOptions = {}): Promise<ServiceProcess> {
    const replica = opts.replica ?? 1;
    const key = instanceKey(name, replica);
    const previous = this.instances.get(key);
    if (previous?.running) throw new Error(`${key} is already running (pid ${previous.pid})`);
    // A restart keeps the port, so URLs a test holds stay valid.
    const port = this.ports.get(key) ?? (await freePort());
    this.ports.set(key, port);
    this.lastStartEnv.set(key, opts.env);
    const logFile = join(this.dir, `${key.replace('#', '-r')}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`--- harness: starting ${key} on port ${port} at ${new Date().toISOString()} ---\n`);
    // E2E_NODE_ARGS, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof', profiles every service of a run.
    const nodeArgs = process.env.E2E_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, entrypointOf(name)], {
      cwd: repoRoot,
      env: this.envFor(name, port, opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const proc = new ServiceProcess(name, replica, port, logFile, child, log);
    this.instances.set(key, proc);
    this.history.push(proc);
    if (!opts.noWait) await this.waitReady(proc);
    return proc;
  }

  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `timeoutMs` (default 15 s). */
  async stop(
    name: ServiceName,
    signal: NodeJS.Signals = 'SIGTERM',
    opts: { replica?: number; timeoutMs?: number } = {},
  ): Promise<ExitInfo> {
    const proc = this.process(name, opts.replica ?? 1);
    if (!proc.running) return proc.exit!;
    proc.stopRequested = true;
    proc.child.kill(signal);
    const timeoutMs = opts.timeoutMs ?? 15_000;
    const result = await within(proc.exited, timeoutMs);
    if (result) return result;
    proc.child.kill('SIGKILL');
    const killed = await proc.exited;
    throw new Error(
      `${proc.key} did not exit within ${timeoutMs} ms of ${signal}; killed it (${killed.signal})\n${this.tail(name, 30, proc.replica)}`,
    );
  }

  /** SIGKILL: no graceful shutdown, as a crash or an OOM kill. */
  kill(name: ServiceName, opts: { replica?: number } = {}): Promise<ExitInfo> {
    const proc = this.process(name, opts.replica ?? 1);
    if (!proc.running) return Promise.resolve(proc.exit!);
    proc.stopRequested = true;
    proc.child.kill('SIGKILL');
    return proc.exited;
  }

  /** Stops (SIGTERM by default; 'SIGKILL' to crash it) and starts the instance again on the same port. */
  async restart(
    name: ServiceName,
    opts: { replica?: number; signal?: NodeJS.Signals; env?: Env } = {},
  ): Promise<ServiceProcess> {
    const replica = opts.replica ?? 1;
    if (opts.signal === 'SIGKILL') await this.kill(name, { replica });
    else await this.stop(name, opts.signal ?? 'SIGTERM', { replica });
    return this.start(name, { replica, env: opts.env ?? this.lastStartEnv.get(instanceKey(name, replica)) });
  }

  /** GET /ready of every running instance; the names of those not answering 200. */
  async notReady(): Promise<string[]> {
    const running = this.all().filter((p) => p.running);
    const answers = await Promise.all(
      running.map(async (p) => {
        try {
          const res = await fetch(`${p.url}/ready`, { signal: AbortSignal.timeout(5000) });
          return res.status === 200 ? null : `${p.key} (${res.status}: ${(await res.text()).slice(0, 200)})`;
        } catch (err) {
          return `${p.key} (${(err as Error).message})`;
        }
      }),
    );
    return answers.filter((a): a is string => a !== null);
  }

  /** The last `lines` lines of one instance's log (pino JSON lines, each cut to 500 characters). */
  tail(name: ServiceName, lines = 40, replica = 1): string {
    const key = instanceKey(name, replica);
    const file = this.instances.get(key)?.logFile;
    if (!file || !existsSync(file)) return `(no log for ${key})`;
    const all = readFileSync(file, 'utf8').trimEnd().split('\n');
    return [`==> ${key} (${file}) <==`, ...all.slice(-lines).map((l) => l.slice(0, 500))].join('\n');
  }

  /** Every instance's log tail: what to print when a wait runs out. */
  tails(lines = 25): string {
    return this.all()
      .map((p) => this.tail(p.name, lines, p.replica))
      .join('\n');
  }

  /**
   * Stops every process (SIGTERM, SIGKILL after 10 s), drops the run's schemas, deletes its streams and buckets,
   * and removes the temp folder (kept, and its path printed, when E2E_KEEP_LOGS=1 or `keepLogs`).
   */
  async cleanup(opts: { keepLogs?: boolean } = {}): Promise<void> {
    if (this.cleaned) return;
    this.cleaned = true;
    // A crash is what a test most needs the log of; print it even when the test went on.
    for (const p of this.unexpectedExits())
      console.error(
        `${p.key} exited unexpectedly (code ${p.exit?.code}, signal ${p.exit?.signal}):\n${this.tail(p.name, 60, p.replica)}`,
      );
    const running = this.all().filter((p) => p.running);
    await Promise.all(
      [...running]
        .reverse()
        .map((p) =>
          this.stop(p.name, 'SIGTERM', { replica: p.replica, timeoutMs: 10_000 }).catch(() => undefined),
        ),
    );
    const problems: string[] = [];
    for (const name of SERVICE_NAMES) {
      await dropTestSchema(this.databaseUrl, this.schemaOf(name)).catch((e: Error) =>
        problems.push(`drop schema ${this.schemaOf(name)}: ${e.message}`),
      );
    }
    await cleanupStreams(this.natsUrl, this.streamPrefix).catch((e: Error) =>
      problems.push(`delete streams ${this.streamPrefix}*: ${e.message}`),
    );
    if (this.ownsInfra) await this.infra.stop();
    if (opts.keepLogs || process.env.E2E_KEEP_LOGS === '1') console.log(`e2e logs kept in ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
    if (problems.length > 0) throw new Error(`cleanup incomplete: ${problems.join('; ')}`);
  }

  private envFor(name: ServiceName, port: number, extra: Env | undefined): Env {
    const host: Env = {};
    for (const k of ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR']) if (process.env[k]) host[k] = process.env[k]!;
    return {
      ...host,
      NODE_ENV: 'production',
      LOG_LEVEL: this.options.logLevel ?? process.env.E2E_LOG_LEVEL ?? 'info',
      // An event held by a replica the fault and scale tests kill goes to another one after the ack wait: 10 s (not
      // the 30 s default) so the tests' waits see it; running handlers signal progress, so nothing else changes.
      NATS_ACK_WAIT_MS: '10000',
      ...this.defaultsFor(name, port),
      ...this.options.envAll,
      ...this.options.env?.[name],
      ...extra,
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: this.schemaOf(name),
      NATS_URL: this.natsUrl,
      NATS_SUBJECT_PREFIX: this.subjectPrefix,
      NATS_STREAM_PREFIX: this.streamPrefix,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
    };
  }

  private defaultsFor(name: ServiceName, port: number): Env {
    switch (name) {
      case 'report-fetcher':
        return {
          REPORT_FETCHER_CONFIG: JSON.stringify({
            sources: this.options.fetcherSources ?? [],
            // The test servers listen on loopback, which the SSRF guard refuses unless allowed by address.
            http: {
              allowedHosts: ['127.0.0.1', 'localhost'],
              allowedPrivateAddresses: ['127.0.0.1'],
              minIntervalPerHostMs: 0,
              retries: 1,
              retryBaseDelayMs: 50,
              retryMaxDelayMs: 200,
            },
            tempDir: join(this.dir, 'fetcher-spool'),
            inboxSettleMs: 200,
          }),
        };
      case 'grant-exposure-calculator':
        return { RESOLVE_RETRY_MS: '2000' };
      case 'notifier':
        return {
          NOTIFIER_API_KEY: this.notifierApiKey,
          NOTIFIER_BASE_URL: `http://127.0.0.1:${port}`,
          NOTIFIER_REQUIRE_CONFIRMATION: 'false',
          MAIL_FROM: 'alerts@detainer-watch.test',
          MAIL_EML_DIR: join(this.dir, 'mail'),
          NOTIFIER_RETRY_SWEEP_INTERVAL_MS: '1000',
          // A send claimed by a process the fault and scale tests kill is taken over once its lease passes: 15 s
          // (not the 15 min default) so the tests see it, still far longer than any send takes here.
          NOTIFIER_SEND_LEASE_MS: '15000',
          NOTIFIER_RETRY_BASE_DELAY_MS: '1000',
          MAIL_RETRY_BASE_DELAY_MS: '200',
          MAIL_RETRY_MAX_DELAY_MS: '1000',
          ...(this.options.smtp
            ? {
                SMTP_HOST: this.options.smtp.host,
                SMTP_PORT: String(this.options.smtp.port),
                SMTP_STARTTLS: 'never',
              }
            : {}),
        };
      default:
        return {};
    }
  }

  private async waitReady(proc: ServiceProcess): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? 90_000;
    await waitFor(
      async () => {
        if (!proc.running)
          throw new WaitAborted(
            `${proc.key} exited before it was ready (code ${proc.exit?.code}, signal ${proc.exit?.signal})\n${this.tail(proc.name, 40, proc.replica)}`,
          );
        const res = await fetch(`${proc.url}/ready`, { signal: AbortSignal.timeout(3000) }).catch(() => null);
        return res?.status === 200;
      },
      {
        timeoutMs,
        intervalMs: 250,
        message: `${proc.key} to answer 200 on ${proc.url}/ready`,
        context: () => this.tail(proc.name, 40, proc.replica),
      },
    );
  }
}

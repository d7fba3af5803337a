import { InvalidArgumentError } from 'commander';
import type { EmbeddedRuntime, ProgressLine, WatchRequest } from '@detainer-watch/embedded';
import { CliError, ExitCode } from '../errors';
import type { Output } from '../io/output';
import type { CommandModule } from './command';

interface StartFlags {
  dataDir: string;
  inbox?: string;
  portBase: number;
  watch: string[];
  email: string[];
  pollIce?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function portBase(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65531)
    throw new InvalidArgumentError('expected a port number from 1 to 65531 (five ports are used from it)');
  return n;
}

/** `--watch A --email x --watch B --email y` pairs by position; one --email serves every --watch. */
export function pairWatches(watch: string[], email: string[]): WatchRequest[] {
  if (watch.length === 0 && email.length === 0) return [];
  if (email.length === 0)
    throw new CliError('--watch needs an --email to send the alerts to', ExitCode.usage);
  if (watch.length === 0) throw new CliError('--email is given without a --watch', ExitCode.usage);
  if (email.length !== 1 && email.length !== watch.length)
    throw new CliError(
      `got ${watch.length} --watch and ${email.length} --email: give one --email for all, or one after each --watch`,
      ExitCode.usage,
    );
  return watch.map((jurisdiction, i) => ({ jurisdiction, email: email[email.length === 1 ? 0 : i]! }));
}

export const startCommand: CommandModule = {
  name: 'start',
  register(program, output) {
    program
      .command('start')
      .description(
        'run everything in this process: embedded Postgres, in-process bus, the five services; ' +
          'PDFs dropped into the inbox folder are processed and alerts written as .eml files',
      )
      .option(
        '--data-dir <dir>',
        'where the database, report bytes, mail and logs are kept',
        './.detainer-watch',
      )
      .option('--inbox <dir>', 'folder watched for dropped PDFs (default <data-dir>/inbox)')
      .option(
        '--port-base <port>',
        'HTTP port of the report-fetcher; the other four services use the next ports',
        portBase,
        3001,
      )
      .option(
        '--watch <jurisdiction>',
        'alert on this jurisdiction, e.g. "Hartford, CT" (repeatable)',
        collect,
        [],
      )
      .option(
        '--email <address>',
        'where alerts for the --watch go (one for all, or one per --watch)',
        collect,
        [],
      )
      .option('--poll-ice', "also check ICE's report index page weekly (needs network access)")
      .action(async (flags: StartFlags) => {
        const watches = pairWatches(flags.watch, flags.email);
        return runEmbedded(flags, watches, output);
      });
  },
};

async function runEmbedded(flags: StartFlags, watches: WatchRequest[], output: Output): Promise<void> {
  // Loaded here, not at the top: the other commands should not pay for Nest, TypeORM and the five services.
  const embedded = await import('@detainer-watch/embedded');
  const colour = Boolean(process.stdout.isTTY);
  const print = (line: ProgressLine) => output.out(`${embedded.formatProgress(line, colour)}\n`);
  output.out(`detainer-watch: starting (data in ${flags.dataDir})\n`);

  // A signal during start is honoured once start has finished (or failed) and its parts can be stopped in order.
  let signalled: NodeJS.Signals | null = null;
  let signalledAt = 0;
  let wake: () => void = () => undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      // One Ctrl-C can arrive twice: from the terminal and forwarded by `npx`/`npm exec`. A later one forces.
      if (Date.now() - signalledAt < 1500) return;
      output.err(`detainer-watch: ${signal} again, exiting without waiting\n`);
      process.exit(ExitCode.internal);
    }
    signalled = signal;
    signalledAt = Date.now();
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let runtime: EmbeddedRuntime;
  try {
    runtime = await embedded.startEmbedded({
      dataDir: flags.dataDir,
      inboxDir: flags.inbox,
      portBase: flags.portBase,
      pollIce: flags.pollIce,
      watches,
      onProgress: print,
      onLogProblem: (line) => output.err(`${line}\n`),
    });
  } catch (err) {
    throw startFailure(err, embedded);
  }
  output.out(readyText(runtime, process.uptime()));

  if (!signalled) await new Promise<void>((r) => (wake = r));
  output.out(`detainer-watch: ${signalled}: stopping services, bus and database\n`);
  await runtime.stop();
  output.out('detainer-watch: stopped\n');
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Everything is closed; should a stray handle keep the event loop alive, do not hang on it.
  setTimeout(() => process.exit(process.exitCode ?? ExitCode.ok), 5000).unref();
}

function readyText(rt: EmbeddedRuntime, seconds: number): string {
  const lines = [
    `Postgres (embedded, ${rt.database.reused ? 'existing cluster' : 'new cluster'}) on 127.0.0.1:${rt.database.port}`,
    ...rt.services.map((s) => `${s.name.padEnd(26)} ${s.url}`),
    `inbox (drop PDFs here)     ${rt.inboxDir}`,
    rt.emlDir
      ? `mail (.eml files)          ${rt.emlDir}`
      : 'mail                       sent over SMTP (SMTP_HOST)',
    `log                        ${rt.logFile}`,
    `notifier API key           in ${rt.dataDir}/notifier-api-key (header x-api-key)`,
    ...rt.watches.map(
      (w) =>
        `watch ${w.watchId.slice(0, 8)}             ${w.watching} (${w.created ? 'created' : 'already watched'})`,
    ),
    `ready in ${seconds.toFixed(1)} s; upload with: detainer-watch upload <file.pdf> --url ${rt.services[0]!.url}`,
    'Ctrl-C stops everything, after the reports in progress (Ctrl-C again a moment later forces it).',
  ];
  return `${lines.join('\n')}\n`;
}

function startFailure(err: unknown, embedded: typeof import('@detainer-watch/embedded')): CliError {
  if (err instanceof embedded.WatchRejectedError) return new CliError(err.message, ExitCode.usage);
  if (err instanceof embedded.ServiceNotWiredError)
    return new CliError(`cannot start the embedded mode: ${err.message}`, ExitCode.internal);
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e.code === 'EADDRINUSE')
    return new CliError(
      `port ${e.port ?? ''} is already in use (another detainer-watch?); choose other ports with --port-base`,
      ExitCode.badInput,
    );
  const message = (err as Error).message ?? String(err);
  return new CliError(`the embedded mode did not start: ${message}`, ExitCode.internal);
}

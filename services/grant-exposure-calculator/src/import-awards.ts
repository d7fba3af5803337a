import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig, type Env } from '@detainer-watch/config';
import { createLogger, type Logger } from '@detainer-watch/logging';
import { JetStreamBus, type MessageBus } from '@detainer-watch/messaging';
import { createServiceDataSource } from '@detainer-watch/persistence';
import { ImportFormatError } from '@detainer-watch/grant-exposure';
import { configSchema } from './config';
import { createComponents } from './components';
import { migrations } from './migrations';
import { ClassifierUnavailable, type ClassifierClient } from './resolution/classifier.client';
import { ImportFormatName } from './usecases/import-awards/import-awards';
import type { ImportRun } from './imports/import-run.repository';
import { SERVICE_NAME } from './usecases/estimate-classified-jurisdiction/estimate-classified-jurisdiction';

export const IMPORT_AWARDS_USAGE =
  'usage: import-awards --format usaspending|ojp|bja-jag|figures [--fiscal-year N] [--json] <file.csv>';

/** What the import command reads from the environment: the service's database and NATS, nothing HTTP. */
export const importConfigSchema = configSchema.pick({
  DATABASE_URL: true,
  DATABASE_SCHEMA: true,
  NATS_URL: true,
  NATS_SUBJECT_PREFIX: true,
  NATS_STREAM_PREFIX: true,
  LOG_LEVEL: true,
  RESOLVE_TIMEOUT_MS: true,
  EXPOSURE_PROGRAMS: true,
  EXPOSURE_FISCAL_YEARS: true,
  EXPOSURE_CLAWBACK_YEARS: true,
});

export interface ImportAwardsIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env?: Env;
}

/** A human-readable account of an import run: counts, every kept row error, every unresolved recipient. */
export function formatImportRun(run: ImportRun): string {
  const lines = [
    `import run ${run.id}: ${run.format} file ${run.file} ${run.status}`,
    `  records read: ${run.records}; ledger rows: ${run.rows} (${run.inserted} new, ${run.alreadyPresent} already stored)`,
  ];
  for (const s of run.skipped) lines.push(`  skipped ${s.count} (first at line ${s.firstLine}): ${s.reason}`);
  lines.push(
    `  row errors: ${run.errorCount}${run.errorCount > run.errors.length ? ` (first ${run.errors.length} listed)` : ''}`,
  );
  for (const e of run.errors) lines.push(`    ${e.at}: ${e.message}`);
  lines.push(`  unresolved recipients: ${run.unresolved.length}`);
  for (const u of run.unresolved) {
    const why =
      u.reason === 'classifier_unavailable' ? 'classifier not reachable, will be retried' : 'no single match';
    lines.push(
      `    ${u.recipient} (${u.recipientType}, ${u.state}): ${u.rows} row(s), first at line ${u.firstLine ?? '?'}; ${why}`,
    );
  }
  if (run.failure) lines.push(`  failure: ${run.failure}`);
  return lines.join('\n');
}

/** When NATS cannot be reached, recipients are stored pending and the running service resolves them later. */
const unreachableClassifier = (reason: string): ClassifierClient => ({
  resolve: () => Promise.reject(new ClassifierUnavailable(new Error(reason))),
});

/**
 * `import-awards`: streams an award file into the service's ledger and prints the run. Exit code 0 when the file was
 * imported (row errors are listed, not fatal), 2 for bad arguments or a file not in the format, 1 otherwise.
 * Exported so the main CLI can register it as `detainer-watch import-awards`.
 */
export async function runImportAwards(argv: readonly string[], io: ImportAwardsIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        'fiscal-year': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${IMPORT_AWARDS_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const format = ImportFormatName.safeParse(values.format);
  if (!format.success) {
    io.err(
      `--format must be one of ${ImportFormatName.options.join(', ')}, got ${values.format ?? 'nothing'}\n${IMPORT_AWARDS_USAGE}`,
    );
    return 2;
  }
  const fiscalYearText = values['fiscal-year'];
  if (fiscalYearText !== undefined && !/^\d{4}$/.test(fiscalYearText)) {
    io.err(`--fiscal-year must be a four-digit year such as 2017, got "${fiscalYearText}"`);
    return 2;
  }
  if (positionals.length !== 1) {
    io.err(`expected exactly one CSV file, got ${positionals.length}\n${IMPORT_AWARDS_USAGE}`);
    return 2;
  }
  const path = positionals[0];
  try {
    await access(path);
  } catch {
    io.err(`cannot read ${path}: no such file or not readable`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(importConfigSchema, io.env ?? process.env, { context: 'import-awards' });
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    throw err;
  }
  const logger: Logger = createLogger({
    service: SERVICE_NAME,
    level: config.LOG_LEVEL,
    destination: pino.destination({ dest: 2, sync: true }),
  });

  const dataSource = await createServiceDataSource({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    migrations,
    logger,
    poolSize: 2,
  });
  let bus: MessageBus | null = null;
  try {
    let classifier: ClassifierClient | null = null;
    try {
      bus = await JetStreamBus.connect({
        servers: config.NATS_URL.split(','),
        name: `${SERVICE_NAME}-import`,
        subjectPrefix: config.NATS_SUBJECT_PREFIX,
        streamPrefix: config.NATS_STREAM_PREFIX,
        logger,
      });
    } catch (err) {
      io.err(`warning: ${(err as Error).message}; recipients will be resolved later by the running service`);
      classifier = unreachableClassifier((err as Error).message);
    }
    const components = createComponents({
      dataSource,
      rpc: classifier ?? (bus as MessageBus),
      logger,
      config,
    });
    try {
      const run = await components.importAwards.execute({
        input: createReadStream(path),
        file: basename(path),
        format: format.data,
        fiscalYear: fiscalYearText === undefined ? undefined : Number(fiscalYearText),
      });
      io.out(values.json ? JSON.stringify(run, null, 2) : formatImportRun(run));
      return 0;
    } catch (err) {
      io.err(`import of ${path} failed: ${(err as Error).message}`);
      return err instanceof ImportFormatError ? 2 : 1;
    }
  } finally {
    await bus?.close().catch(() => undefined);
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runImportAwards(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`import-awards: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

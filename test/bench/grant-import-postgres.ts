// Benchmark: a USAspending assistance prime transactions file streamed into the grant-exposure-calculator's ledger in
// Postgres (the service's own LedgerSink: batches of unnest INSERT … ON CONFLICT DO NOTHING), then estimates for the
// 200 jurisdictions of a large report read back from Postgres.
//   npx tsx test/bench/grant-import-postgres.ts [rows=1000000] [recipients=20000]
// Targets: 1,000,000 rows in < 60 s with bounded memory (peak RSS printed); 200 jurisdictions estimated in < 100 ms.
// Needs Postgres (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres); uses and drops its own schema.
// The rows are synthetic (made-up keys, recipients and amounts) and only measure speed. Recipients resolve through a
// stand-in for the classifier's request/reply (asked once per distinct recipient), so the figure is the import's own.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createServiceDataSource } from '@detainer-watch/persistence';
import { dropTestSchema, uniqueRunId } from '@detainer-watch/testing';
import type { ResolveReply, ResolveRequest } from '@detainer-watch/contracts';
import { createComponents } from '../../services/grant-exposure-calculator/src/components';
import { migrations } from '../../services/grant-exposure-calculator/src/migrations';
import type { ClassifierClient } from '../../services/grant-exposure-calculator/src/resolution/classifier.client';
import { benchPlaceOf, writeUsaspendingCsv } from './usaspending-rows';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const PLACES = Number(process.argv[3] ?? 20_000);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// Stands in for the classifier's rpc.jurisdiction.resolve (its reply shape), without a network round trip.
const classifier: ClassifierClient = {
  async resolve(request: ResolveRequest): Promise<ResolveReply> {
    const place = benchPlaceOf(request.q);
    const resolved = place
      ? {
          id: `place:bench${place}`,
          name: `Bench ${place} city`,
          type: 'city' as const,
          state: 'CT',
          fips: null,
          parentId: null,
          confidence: 0.98,
        }
      : null;
    return {
      q: request.q,
      resolved,
      candidates: resolved ? [resolved] : [],
      reason: resolved ? null : 'unknown name',
    };
  },
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'grant-import-pg-bench-'));
  const path = join(dir, 'Assistance_PrimeTransactions_bench.csv');
  const schema = `bench_gec_${uniqueRunId()}`;
  const logger = pino({ level: 'warn' });
  const dataSource = await createServiceDataSource({
    url: DATABASE_URL,
    schema,
    migrations,
    logger,
    poolSize: 4,
  });
  try {
    let started = performance.now();
    await writeUsaspendingCsv(path, ROWS, PLACES);
    console.log(
      `generated ${ROWS.toLocaleString()} rows (${mb(statSync(path).size)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const components = createComponents({
      dataSource,
      rpc: classifier,
      logger,
      config: { EXPOSURE_PROGRAMS: ['JAG', 'SCAAP'], EXPOSURE_CLAWBACK_YEARS: 3, RESOLVE_TIMEOUT_MS: 1000 },
    });

    for (const pass of ['first import', 're-import (adds nothing)']) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const cpuBefore = process.cpuUsage();
      started = performance.now();
      const run = await components.importAwards.execute({
        input: createReadStream(path),
        file: 'Assistance_PrimeTransactions_bench.csv',
        format: 'usaspending',
      });
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      console.log(
        `${pass}: ${run.records.toLocaleString()} records -> ${run.rows.toLocaleString()} ledger rows ` +
          `(${run.inserted.toLocaleString()} new, ${run.alreadyPresent.toLocaleString()} already stored; ` +
          `${run.skipped.map((s) => `${s.count} skipped: ${s.reason}`).join('; ')}; ${run.errorCount} errors) ` +
          `in ${seconds.toFixed(1)} s wall (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in this process) = ` +
          `${Math.round(run.records / seconds).toLocaleString()} records/s; RSS ${mb(rssBefore)} before, peak ${mb(peak)}`,
      );
    }
    const [{ n, size }] = await dataSource.query(
      `SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('ledger_rows')) AS size FROM ledger_rows`,
    );
    console.log(`ledger_rows: ${n.toLocaleString()} rows, ${size} with indexes`);

    const jurisdictions = Array.from({ length: 200 }, (_, i) => ({
      id: `place:bench${Math.floor((i * PLACES) / 200)}`,
    }));
    const settings = {
      programs: ['JAG', 'SCAAP', 'COPS'] as const,
      fiscalYears: [2016, 2017],
      clawbackYears: 3,
    };
    const runs: number[] = [];
    let lines = 0;
    for (let run = 0; run < 7; run += 1) {
      started = performance.now();
      const exposures = await components.estimator.estimate(jurisdictions, settings);
      runs.push(performance.now() - started);
      lines = exposures.reduce((sum, e) => sum + e.lines.length, 0);
    }
    const first = runs[0];
    const rest = runs.slice(1).sort((a, b) => a - b);
    console.log(
      `estimate 200 jurisdictions x 3 programs x (2 years + 3 clawback years) = ${lines} lines, one query: ` +
        `first run ${first.toFixed(1)} ms, then median ${rest[3].toFixed(1)} ms, max ${rest[5].toFixed(1)} ms over 6 runs`,
    );
  } finally {
    await dataSource.destroy();
    await dropTestSchema(DATABASE_URL, schema);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Benchmark: streaming import of a USAspending assistance prime transactions file, then estimates for a report.
//   npx tsx test/bench/grant-import.ts [rows=1000000] [recipients=20000]
// Targets: 1,000,000 rows imported in < 60 s with bounded memory; 200 jurisdictions estimated in < 100 ms.
// The rows are synthetic (made-up keys, recipients and amounts) and only measure speed. The service will not keep the
// ledger in memory: its LedgerSink COPYs each batch into Postgres, so there the importer's own footprint is what counts,
// which the second pass (a sink that keeps nothing) measures.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  estimateExposure,
  importUsaspendingCsv,
  InMemoryLedger,
  LedgerIndex,
  type LedgerRow,
  type LedgerSink,
  type ResolveRecipient,
} from '@detainer-watch/grant-exposure';
import { benchPlaceOf, writeUsaspendingCsv } from './usaspending-rows';

const ROWS = Number(process.argv[2] ?? 1_000_000);
// 20,000 recipients gives each jurisdiction about 37 JAG/SCAAP/COPS transactions over nine years (a few per award);
// pass a smaller number to stress the estimator with many transactions per jurisdiction.
const PLACES = Number(process.argv[3] ?? 20_000);
// Stands in for the classifier's request/reply; the importer asks once per distinct recipient.
const resolveRecipient: ResolveRecipient = (name) => {
  const place = benchPlaceOf(name);
  return place ? { id: `place:bench${place}`, fips: null } : null;
};

class DiscardingSink implements LedgerSink {
  rows = 0;
  async write(rows: readonly LedgerRow[]) {
    this.rows += rows.length;
    return { inserted: rows.length, alreadyPresent: 0 };
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function timedImport(path: string, sink: LedgerSink, label: string) {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await importUsaspendingCsv(createReadStream(path), { source: path, sink, resolveRecipient });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${label}: ${result.records.toLocaleString()} records -> ${result.rows.toLocaleString()} ledger rows ` +
      `(${result.skipped.map((s) => `${s.count} skipped: ${s.reason}`).join('; ')}; ${result.errorCount} errors) ` +
      `in ${seconds.toFixed(1)} s wall (${cpuSeconds.toFixed(1)} s CPU) = ${Math.round(result.records / seconds).toLocaleString()} rows/s; ` +
      `RSS ${mb(rssBefore)} before, peak ${mb(peak)}`,
  );
  return result;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'grant-import-bench-'));
  const path = join(dir, 'Assistance_PrimeTransactions_bench.csv');
  try {
    let started = performance.now();
    await writeUsaspendingCsv(path, ROWS, PLACES);
    console.log(
      `generated ${ROWS.toLocaleString()} rows (${mb(statSync(path).size)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    await timedImport(path, new DiscardingSink(), 'import, sink keeps nothing (importer footprint)');
    const ledger = new InMemoryLedger();
    await timedImport(path, ledger, 'import into InMemoryLedger (keeps every row)');

    started = performance.now();
    const index = new LedgerIndex(ledger.rows());
    console.log(
      `index ${ledger.size.toLocaleString()} rows by jurisdiction (${index.jurisdictionCount}) in ${(performance.now() - started).toFixed(0)} ms`,
    );
    const ids = Array.from({ length: 200 }, (_, i) => `place:bench${Math.floor((i * PLACES) / 200)}`);
    const estimateAll = () =>
      ids.map((jurisdiction) =>
        estimateExposure(index, {
          jurisdiction,
          programs: ['JAG', 'SCAAP', 'COPS'],
          fiscalYears: [2016, 2017],
          clawbackYears: 3,
        }),
      );
    // The first run works out each cell's figure and citations; later runs (another report) reuse them.
    started = performance.now();
    estimateAll();
    const cold = performance.now() - started;
    const runs: number[] = [];
    let lines = 0;
    for (let run = 0; run < 5; run += 1) {
      started = performance.now();
      lines = estimateAll().reduce((n, exposure) => n + exposure.lines.length, 0);
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    console.log(
      `estimate 200 jurisdictions x 3 programs x (2 years + 3 clawback years) = ${lines} lines, ` +
        `${ledger.size / index.jurisdictionCount} ledger rows per jurisdiction: first run ${cold.toFixed(1)} ms, ` +
        `then median ${runs[2].toFixed(1)} ms, max ${runs[4].toFixed(1)} ms over 5 runs`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

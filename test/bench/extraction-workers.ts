/**
 * The extractor's worker threads: N reports of 200 Section II rows read one after another, with a fresh worker per
 * report (reportsPerWorker: 1, how the service worked before the pool) and with warm workers (the default).
 * Run: npx tsc -b && npx tsx test/bench/extraction-workers.ts [reports=20]
 */
import { createHash } from 'node:crypto';
import { generateReport, iceLetterLandscape, syntheticContent } from '@detainer-watch/ddor-fixtures';
import { WorkerThreadExtractor } from '@detainer-watch/pdf-extractor';

const REPORTS = Number(process.argv[2] ?? 20);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function run(label: string, reportsPerWorker: number | undefined, pdfs: Uint8Array[]): Promise<void> {
  const extractor = new WorkerThreadExtractor({ timeoutMs: 120_000, memoryMb: 1024, reportsPerWorker });
  const times: number[] = [];
  const started = performance.now();
  try {
    for (const [i, pdf] of pdfs.entries()) {
      const t = performance.now();
      const outcome = await extractor.extract(pdf, { reportId: sha256(pdf), maxPages: 200 });
      if (outcome.kind !== 'extracted') throw new Error(`report ${i}: ${outcome.kind}`);
      times.push(performance.now() - t);
    }
  } finally {
    await extractor.close();
  }
  const total = performance.now() - started;
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(26)} | ${total.toFixed(0).padStart(8)} | ${(total / pdfs.length).toFixed(0).padStart(9)} | ` +
      `${times[0]!.toFixed(0).padStart(8)} | ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0).padStart(6)}`,
  );
}

async function main(): Promise<void> {
  const pdfs = await Promise.all(
    Array.from({ length: REPORTS }, async (_, i) => {
      const content = syntheticContent({ seed: 1000 + i, declinedRows: 200 });
      return (await generateReport(content, iceLetterLandscape)).pdf;
    }),
  );
  console.log(`${REPORTS} reports x 200 rows, read one after another`);
  console.log('workers                    | total ms | ms/report | first ms | median');
  await run('fresh worker per report', 1, pdfs);
  await run('warm workers (default)', undefined, pdfs);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

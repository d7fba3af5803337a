/**
 * CPU time of reading one backfill-sized report in-process, warm: the extractor worker's share of a backfill.
 * Ten generated reports (defaultLayout, synthetic content, 200 Section II rows, 23 pages each) are extracted 16 times
 * over; the first 3 rounds warm up, the script prints the minimum and median CPU per report of the other 13.
 * Process CPU (process.cpuUsage) includes V8's helper threads (garbage collection, compilation).
 *
 *   npx tsc -b && npx tsx test/bench/extraction-cpu.ts
 */
import { defaultLayout, generateReport, syntheticContent } from '@detainer-watch/ddor-fixtures';
import { extractReport } from '@detainer-watch/extraction';

const REPORTS = 10;
const ROUNDS = 16;
const WARM_UP = 3;

async function main(): Promise<void> {
  const pdfs: Uint8Array[] = [];
  for (let i = 0; i < REPORTS; i++) {
    pdfs.push(
      (await generateReport(syntheticContent({ seed: 500 + i, declinedRows: 200 }), defaultLayout)).pdf,
    );
  }
  const perReport: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    for (const pdf of pdfs) await extractReport(new Uint8Array(pdf), { maxPages: 100 });
    const used = process.cpuUsage(before);
    if (round >= WARM_UP) perReport.push((used.user + used.system) / 1000 / REPORTS);
  }
  perReport.sort((a, b) => a - b);
  console.log(
    `extraction CPU per 200-row report, ${REPORTS} reports x ${ROUNDS - WARM_UP} warm rounds: ` +
      `min ${perReport[0]!.toFixed(1)} ms, median ${perReport[perReport.length >> 1]!.toFixed(1)} ms`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

// Regenerates data/reference-ledger.json from the reference figures (figures.csv):
//   npx tsx libs/grant-exposure/scripts/generate-reference-ledger.ts [path/to/figures.csv]
// Rows keep their citations and rounding; recipients are resolved later, by the service, with the classifier.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InMemoryLedger, importReferenceFiguresCsv, REFERENCE_LEDGER_PATH } from '../src';

const CITED_AS = '../shared/data/grants/figures.csv';

async function main(): Promise<void> {
  const input = resolve(process.argv[2] ?? resolve(__dirname, '../../..', CITED_AS));
  const sink = new InMemoryLedger();
  const result = await importReferenceFiguresCsv(createReadStream(input), {
    source: CITED_AS,
    sink,
    resolveRecipient: () => null,
  });
  if (result.errorCount > 0) {
    for (const error of result.errors) console.error(`${error.at}: ${error.message}`);
    throw new Error(`${result.errorCount} row(s) of ${input} could not be read; the ledger was not written`);
  }
  const rows = sink.rows().sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0));
  const file = {
    description:
      'Figures from figures.csv (JAG 16.738, SCAAP 16.606 and COPS hiring 16.710 only), each with its citation; amounts in integer cents; amountStatus rounded where the source printed a rounded figure; fiscalYear null where the source gives a range or an average. Generated: do not edit.',
    generatedFrom: CITED_AS,
    generatedBy: 'libs/grant-exposure/scripts/generate-reference-ledger.ts',
    sourceSha256: createHash('sha256').update(readFileSync(input)).digest('hex'),
    skipped: result.skipped,
    rows,
  };
  writeFileSync(REFERENCE_LEDGER_PATH, JSON.stringify(file, null, 2) + '\n');
  console.log(
    `${REFERENCE_LEDGER_PATH}: ${rows.length} rows from ${result.records} records; skipped ${result.skipped
      .map((s) => `${s.count} (${s.reason})`)
      .join(', ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/**
 * Writes DDOR fixtures: each layout's PDF with `<name>.truth.json` beside it.
 *   npx tsx libs/ddor-fixtures/src/cli.ts --out <dir> [--seed 1] [--synthetic] [--bad] [--large <pages>]
 * Realistic content needs shared/data/ddor; --synthetic (or its absence) uses invented rows instead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ReportContent } from './content';
import { badPdfs, largeReport } from './bad-pdfs';
import { generateReport, type GeneratedReport } from './generate';
import { a4Grouped, layouts, letterPortraitTimes } from './layouts';
import type { Layout } from './layout';
import { buildRealisticContent } from './realistic';
import { sharedDataAvailable } from './source-data';
import { syntheticContent } from './synthetic';

function write(dir: string, name: string, report: GeneratedReport): void {
  writeFileSync(join(dir, `${name}.pdf`), report.pdf);
  writeFileSync(join(dir, `${name}.truth.json`), `${JSON.stringify(report.truth, null, 2)}\n`);
  console.log(
    `${name}.pdf  ${report.truth.pageCount} pages, ${report.truth.declined.length} declined rows, ${report.pdf.length} bytes`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      synthetic: { type: 'boolean', default: false },
      bad: { type: 'boolean', default: false },
      large: { type: 'string' },
    },
  });
  if (!values.out) throw new Error('--out <dir> is required');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  const dir = values.out;
  mkdirSync(dir, { recursive: true });

  const realistic = !values.synthetic && sharedDataAvailable();
  if (!values.synthetic && !realistic) console.warn('shared/data/ddor not found: writing synthetic content');
  const sets: { prefix: string; content: ReportContent; layouts: readonly Layout[] }[] = realistic
    ? [
        { prefix: 'week1', content: await buildRealisticContent({ seed, week: 1 }), layouts },
        {
          prefix: 'week2',
          content: await buildRealisticContent({ seed, week: 2 }),
          layouts: [letterPortraitTimes],
        },
        { prefix: 'week3', content: await buildRealisticContent({ seed, week: 3 }), layouts: [a4Grouped] },
      ]
    : [{ prefix: 'synthetic', content: syntheticContent({ seed, declinedRows: 120 }), layouts }];
  for (const set of sets) {
    for (const layout of set.layouts)
      write(dir, `${set.prefix}-${layout.name}`, await generateReport(set.content, layout));
  }
  if (values.bad) {
    const bad = await badPdfs();
    for (const [name, bytes] of Object.entries(bad)) {
      writeFileSync(join(dir, `bad-${name}.pdf`), bytes);
      console.log(`bad-${name}.pdf  ${bytes.length} bytes`);
    }
  }
  if (values.large) write(dir, `large-${values.large}-pages`, await largeReport(Number(values.large)));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

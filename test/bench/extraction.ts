/**
 * Extraction speed and memory. Run: npx tsx test/bench/extraction.ts
 * - a 35-page report: median extraction time (warm) against `pdftotext -layout` on the same file;
 * - 100 / 250 / 500 / 1,000-page reports: time per page and peak RSS, each measured in a fresh `node` child process
 *   running the compiled library (build it first: npx tsc -b libs/extraction).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateReport, iceLetterLandscape, syntheticContent } from '@detainer-watch/ddor-fixtures';
import { extractReport } from '@detainer-watch/extraction';

const RUNS = 7;
/** Section II rows per page in the ICE-like layout with synthetic content, measured from generated reports. */
const ROWS_PER_PAGE = 11.2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs in a fresh `node` on the built package (`npx tsc -b libs/extraction` first). */
const CHILD = `
const { readFileSync } = require('node:fs');
const { extractReport } = require(${JSON.stringify(join(__dirname, '../../libs/extraction/dist/index.js'))});
const bytes = new Uint8Array(readFileSync(process.argv[1]));
const t0 = performance.now();
extractReport(bytes, { maxPages: 5000 }).then((extract) => {
  const ms = performance.now() - t0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ pages: extract.pageCount, rows: extract.declined.length, ms, maxRssMb }));
});
`;

async function reportWithPages(pages: number): Promise<Uint8Array> {
  const rows = Math.max(1, Math.round((pages - 5) * ROWS_PER_PAGE));
  const { pdf } = await generateReport(
    syntheticContent({ seed: pages, declinedRows: rows }),
    iceLetterLandscape,
  );
  return pdf;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dw-bench-'));
  try {
    const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
    const small = await reportWithPages(35);
    const smallFile = join(dir, 'report-35.pdf');
    writeFileSync(smallFile, small);
    const cold = performance.now();
    const first = await extractReport(small);
    const coldMs = performance.now() - cold;
    const ours: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await extractReport(small);
      ours.push(performance.now() - t);
    }
    const theirs: number[] = [];
    if (hasPdftotext) {
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        execFileSync('pdftotext', ['-layout', smallFile, join(dir, 'out.txt')]);
        theirs.push(performance.now() - t);
      }
    }
    const ourMedian = median(ours);
    console.log(
      `35-page report (${first.pageCount} pages, ${first.declined.length} Section II rows, ${small.length} bytes)`,
    );
    console.log(`  extractReport, first call in process (loads pdf.js): ${coldMs.toFixed(0)} ms`);
    console.log(`  extractReport, median of ${RUNS} warm runs:           ${ourMedian.toFixed(0)} ms`);
    if (hasPdftotext) {
      const p = median(theirs);
      console.log(`  pdftotext -layout, median of ${RUNS} runs:             ${p.toFixed(0)} ms`);
      console.log(`  ratio extractReport / pdftotext:                    ${(ourMedian / p).toFixed(2)}x`);
    } else {
      console.log('  pdftotext not installed (apt-get install -y poppler-utils): no comparison');
    }

    console.log('\npages | rows   | total ms | ms/page | peak RSS MB   (fresh child process per size)');
    for (const pages of [100, 250, 500, 1000]) {
      const file = join(dir, `report-${pages}.pdf`);
      writeFileSync(file, await reportWithPages(pages));
      // Plain node on the compiled library: under tsx, transpiling pdf.js itself costs seconds and ~400 MB.
      const run = spawnSync(process.execPath, ['-e', CHILD, file], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      if (run.status !== 0) throw new Error(`child for ${pages} pages failed: ${run.stderr}`);
      const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
        pages: number;
        rows: number;
        ms: number;
        maxRssMb: number;
      };
      console.log(
        `${String(r.pages).padStart(5)} | ${String(r.rows).padStart(6)} | ${r.ms.toFixed(0).padStart(8)} | ` +
          `${(r.ms / r.pages).toFixed(1).padStart(7)} | ${r.maxRssMb.toFixed(0).padStart(6)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

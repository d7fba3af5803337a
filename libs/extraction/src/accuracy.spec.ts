import { existsSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { ReportExtract } from '@detainer-watch/contracts';
import * as fixtures from '@detainer-watch/ddor-fixtures';
import { generateReport, layouts, syntheticContent, type ReportContent } from '@detainer-watch/ddor-fixtures';
import { ExtractionRejected, extractReport } from './index';

type Truth = Awaited<ReturnType<typeof generateReport>>['truth'];
type Realistic = (options: { seed: number; week: number }) => Promise<ReportContent>;

const norm = (v: unknown): unknown =>
  typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : Array.isArray(v) ? v.map(norm) : v;

/** Cell-by-cell comparison after whitespace normalization; rows are matched by position. */
function compareRows(got: readonly object[], want: readonly object[]) {
  let cells = 0;
  let equal = 0;
  const mismatches: string[] = [];
  want.forEach((w, i) => {
    const g = (got[i] ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(w)) {
      cells++;
      if (JSON.stringify(norm(g[key])) === JSON.stringify(norm(value))) equal++;
      else if (mismatches.length < 5)
        mismatches.push(`row ${i + 1} ${key}: got ${JSON.stringify(g[key])}, want ${JSON.stringify(value)}`);
    }
  });
  return {
    rows: `${Math.min(got.length, want.length)}/${want.length}`,
    extra: got.length - want.length,
    cells,
    equal,
    mismatches,
  };
}

const summary: string[] = [];
afterAll(() => {
  if (summary.length > 0) console.log(['extraction accuracy:', ...summary].join('\n'));
});

async function checkAccuracy(name: string, content: ReportContent, layout: (typeof layouts)[number]) {
  const { pdf, truth } = await generateReport(content, layout);
  const extract = await extractReport(pdf);
  expect(() => ReportExtract.parse(extract)).not.toThrow();
  const t: Truth = truth;
  const sections = {
    I: compareRows(extract.highestVolume, t.highestVolume),
    II: compareRows(extract.declined, t.declined),
    III: compareRows(extract.policies, t.policies),
  };
  summary.push(
    `  ${name.padEnd(44)} pages ${extract.pageCount}  ` +
      Object.entries(sections)
        .map(([s, r]) => `${s}: rows ${r.rows} cells ${r.equal}/${r.cells}`)
        .join('  ') +
      `  warnings ${extract.warnings.length}`,
  );
  expect({
    title: extract.title,
    periodStart: extract.periodStart,
    periodEnd: extract.periodEnd,
    detainersIssued: extract.detainersIssued,
    pageCount: extract.pageCount,
  }).toEqual({
    title: t.title,
    periodStart: t.periodStart,
    periodEnd: t.periodEnd,
    detainersIssued: t.detainersIssued,
    pageCount: t.pageCount,
  });
  for (const r of Object.values(sections)) {
    expect(r.mismatches).toEqual([]);
    expect(r.extra).toBe(0);
  }
  expect(extract.warnings).toEqual([]);
}

describe.each(layouts.map((l) => [l.name, l] as const))('layout %s', (_name, layout) => {
  it('extracts every row and cell of synthetic content (week-1 wording)', async () => {
    await checkAccuracy(
      `${layout.name} synthetic w1`,
      syntheticContent({ seed: 7, declinedRows: 150 }),
      layout,
    );
  }, 120_000);
  it('extracts every row and cell with week-3 wording', async () => {
    await checkAccuracy(
      `${layout.name} synthetic w3`,
      syntheticContent({ seed: 11, declinedRows: 60, titleVariant: 'week3' }),
      layout,
    );
  }, 120_000);
});

const realistic = (fixtures as unknown as { buildRealisticContent?: Realistic }).buildRealisticContent;
const sharedData = join(__dirname, '../../../../shared/data/ddor');
const canRunRealistic = realistic !== undefined && existsSync(sharedData);
if (!canRunRealistic) {
  console.warn(
    `skipping realistic-content accuracy: ${
      realistic === undefined
        ? 'ddor-fixtures does not export buildRealisticContent yet'
        : `${sharedData} is absent`
    }`,
  );
}
(canRunRealistic ? describe : describe.skip).each([1, 2, 3])('realistic week %i', (week) => {
  it.each(layouts.map((l) => [l.name, l] as const))(
    'layout %s',
    async (_name, layout) => {
      const content = await realistic!({ seed: 1, week });
      await checkAccuracy(`${layout.name} realistic w${week}`, content, layout);
    },
    180_000,
  );
});

function pdfkitBytes(draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}) {
  return new Promise<Uint8Array>((resolve) => {
    const doc = new PDFDocument(options);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    draw(doc);
    doc.end();
  });
}

async function rejection(bytes: Uint8Array, opts?: { maxPages?: number }): Promise<ExtractionRejected> {
  try {
    await extractReport(bytes, opts);
  } catch (error) {
    if (error instanceof ExtractionRejected) return error;
    throw error;
  }
  throw new Error('expected the extraction to be rejected');
}

describe('bad input', () => {
  it('rejects a zero-byte file as empty', async () => {
    expect(await rejection(new Uint8Array())).toMatchObject({ reason: 'empty' });
  });
  it('rejects bytes that are not a PDF as corrupt', async () => {
    const e = await rejection(new TextEncoder().encode('<html>Not found</html>'));
    expect(e.reason).toBe('corrupt');
    expect(e.message).toMatch(/%PDF-/);
  });
  it('rejects a truncated PDF as corrupt', async () => {
    const { pdf } = await generateReport(syntheticContent({ seed: 1, declinedRows: 20 }), layouts[0]);
    const e = await rejection(pdf.subarray(0, Math.floor(pdf.length / 2)));
    expect(e.reason).toBe('corrupt');
    expect(e.message).toMatch(/truncated/);
  });
  it('rejects a PDF with a garbled body as corrupt', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n%%EOF\n');
    expect(await rejection(bytes)).toMatchObject({ reason: 'corrupt' });
  });
  it('rejects a password-protected PDF as encrypted', async () => {
    const bytes = await pdfkitBytes((d) => d.text('Weekly Declined Detainer Outcome Report'), {
      userPassword: 'secret',
      ownerPassword: 'owner',
      pdfVersion: '1.7',
    });
    expect(await rejection(bytes)).toMatchObject({ reason: 'encrypted' });
  });
  it('rejects a scanned document (pages without text) as no_text_layer', async () => {
    const bytes = await pdfkitBytes((d) => {
      d.rect(50, 50, 400, 300).fill('#888888');
      d.addPage().rect(50, 50, 400, 300).fill('#444444');
    });
    const e = await rejection(bytes);
    expect(e.reason).toBe('no_text_layer');
    expect(e.message).toMatch(/2 pages/);
  });
  it('rejects a PDF that is not a DDOR as not_a_ddor', async () => {
    const bytes = await pdfkitBytes((d) => d.text('Quarterly budget review').text('Revenue rose 3% in Q2.'));
    expect(await rejection(bytes)).toMatchObject({ reason: 'not_a_ddor' });
  });
  it('rejects a report over maxPages before reading its pages', async () => {
    const { pdf } = await generateReport(syntheticContent({ seed: 1, declinedRows: 60 }), layouts[0]);
    const e = await rejection(pdf, { maxPages: 3 });
    expect(e.reason).toBe('too_many_pages');
    expect(e.message).toMatch(/at most 3/);
  });
});

describe('a 1,000-page report', () => {
  it('is extracted in full when allowed', async () => {
    const rowsPerPage = 11.2;
    const { pdf, truth } = await generateReport(
      syntheticContent({ seed: 5, declinedRows: Math.round(990 * rowsPerPage) }),
      layouts[0],
    );
    const extract = await extractReport(pdf, { maxPages: 2000 });
    summary.push(
      `  1,000-page class report: ${extract.pageCount} pages, ${extract.declined.length} Section II rows`,
    );
    expect(extract.pageCount).toBeGreaterThanOrEqual(950);
    expect(compareRows(extract.declined, truth.declined).mismatches).toEqual([]);
    expect(extract.declined).toHaveLength(truth.declined.length);
  }, 600_000);
});

import { createHash } from 'node:crypto';
import { ReportExtract } from '@detainer-watch/contracts';
import { ExtractionRejected } from './errors';
import { headerFieldsIn, type FieldSpec } from './layout/columns';
import { stripFurniture } from './layout/furniture';
import { buildLines } from './layout/lines';
import { locateSections, SECTION_NAMES, type SectionName } from './layout/sections';
import { readTable } from './layout/table';
import type { Line } from './layout/types';
import { openPdf } from './pdf/read-pdf';
import type { CellContext } from './sections/cells';
import { declinedRows } from './sections/declined';
import { highestVolumeRows } from './sections/highest-volume';
import { policyRows } from './sections/policies';
import { DECLINED_SPECS, HIGHEST_VOLUME_SPECS, POLICY_SPECS } from './sections/specs';
import { findDetainersIssued, findPeriod, findTitle } from './sections/title';
import { collectHyphenatedWords } from './text/normalize';
import { Warnings } from './warnings';

export interface ExtractOptions {
  /** refuse documents with more pages than this (checked before any page is read); default 1,000 */
  maxPages?: number;
  /** default: sha256 of the bytes, lower-case hex */
  reportId?: string;
}

export const DEFAULT_MAX_PAGES = 1000;

const ALL_SPECS: readonly (readonly FieldSpec<string>[])[] = [
  HIGHEST_VOLUME_SPECS,
  DECLINED_SPECS,
  POLICY_SPECS,
];
const isTableHeader = (line: Line) => ALL_SPECS.some((specs) => headerFieldsIn(line, specs) !== null);

/** Reads every page's positioned text into lines, releasing each page as soon as it is read. */
async function readLines(
  bytes: Uint8Array,
  maxPages: number,
): Promise<{ pages: Line[][]; textless: number[] }> {
  const pdf = await openPdf(bytes, maxPages);
  const pages: Line[][] = [];
  const textless: number[] = [];
  try {
    for (let n = 1; n <= pdf.pageCount; n++) {
      const page = await pdf.readPage(n);
      if (page.runs.length === 0) textless.push(n);
      pages.push(buildLines(page));
    }
  } finally {
    await pdf.close();
  }
  return { pages, textless };
}

/** Extracts title, period, totals and the rows of Sections I–III from a DDOR PDF. */
export async function extractReport(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<ReportExtract> {
  const reportId = opts.reportId ?? createHash('sha256').update(bytes).digest('hex');
  const { pages, textless } = await readLines(bytes, opts.maxPages ?? DEFAULT_MAX_PAGES);
  if (textless.length === pages.length) {
    throw new ExtractionRejected(
      'no_text_layer',
      `none of the ${pages.length} pages has a text layer (a scanned document?); OCR is not attempted`,
    );
  }
  const lines = stripFurniture(pages, isTableHeader).flat();
  return extractFromLines(lines, { reportId, pageCount: pages.length, textless });
}

/** The layout analysis on positioned lines: pure, so it is unit-tested without PDFs. */
export function extractFromLines(
  lines: readonly Line[],
  doc: { reportId: string; pageCount: number; textless?: readonly number[] },
): ReportExtract {
  const warnings = new Warnings();
  const { start } = locateSections(lines);
  const titleLine = findTitle(lines.filter((l) => l.page === 1));
  // Without a single section heading there is nothing to read rows from. A title alone (a cover page, a notice) is
  // refused rather than published as a report with zero declined detainers, a figure someone would quote.
  if (Object.keys(start).length === 0) {
    throw new ExtractionRejected(
      'not_a_ddor',
      `${titleLine ? 'a Declined Detainer Outcome Report title but' : 'no Declined Detainer Outcome Report title and'} ` +
        'none of its section headings ("Highest Volume of Detainers Issued", "Jurisdictions with Recorded ' +
        'Declined Detainers", "Table of Jurisdictions that have Enacted Policies") were found',
    );
  }
  const bounds = new Map<SectionName, { from: number; to: number }>();
  const found = SECTION_NAMES.filter((s) => start[s]);
  found.forEach((s, k) => {
    const heading = start[s]!;
    const next = found[k + 1];
    bounds.set(s, { from: heading.line + heading.span, to: next ? start[next]!.line : lines.length });
  });
  for (const s of SECTION_NAMES) {
    if (!bounds.has(s)) {
      warnings.add('SECTION_MISSING', `no Section ${s} heading was found`, s, null);
    }
  }
  const sectionLines = (s: SectionName) => {
    const b = bounds.get(s);
    return b ? lines.slice(b.from, b.to) : [];
  };
  const textless = new Set(doc.textless ?? []);
  const tablePagesWithoutText = [
    ...new Set(['I', 'II', 'III'].flatMap((s) => pagesSpanned(s as SectionName))),
  ].filter((p) => textless.has(p));
  function pagesSpanned(s: SectionName): number[] {
    const b = bounds.get(s);
    if (!b || b.from >= lines.length) return [];
    const first = lines[Math.max(0, b.from - 1)].page;
    const last = b.to < lines.length ? lines[b.to].page : doc.pageCount;
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  }
  if (tablePagesWithoutText.length > 0) {
    throw new ExtractionRejected(
      'no_text_layer',
      `page(s) ${tablePagesWithoutText.join(', ')} inside the report's tables have no text layer (scanned?)`,
    );
  }

  const hyphenated = new Set<string>();
  for (const line of lines) collectHyphenatedWords(line.text, hyphenated);
  const ctx = (section: 'I' | 'II' | 'III'): CellContext => ({ warnings, section, hyphenated });

  const firstSection = found.length > 0 ? start[found[0]]!.line : lines.length;
  const front = lines.slice(0, firstSection);
  const period = findPeriod(front);
  if (!period)
    warnings.add('PERIOD_MISSING', 'the report period was not found in the title block', 'title', 1);

  const tableI = readTable(sectionLines('I'), HIGHEST_VOLUME_SPECS);
  const tableII = readTable(sectionLines('II'), DECLINED_SPECS);
  const tableIII = readTable(sectionLines('III'), POLICY_SPECS);
  for (const [s, t] of [
    ['I', tableI],
    ['II', tableII],
    ['III', tableIII],
  ] as const) {
    if (bounds.has(s) && t.models.length === 0) {
      warnings.add('TABLE_HEADER_MISSING', `Section ${s}: no table header row was recognized`, s, null);
    }
  }
  const detainersIssued = findDetainersIssued(tableI.preface);

  return ReportExtract.parse({
    reportId: doc.reportId,
    title: titleLine?.text ?? null,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    detainersIssued,
    pageCount: doc.pageCount,
    highestVolume: highestVolumeRows(tableI.rows, ctx('I')),
    declined: declinedRows(tableII.rows, ctx('II')),
    policies: policyRows(tableIII.rows, ctx('III')),
    warnings: warnings.list,
  });
}

import { ReportExtract } from '@detainer-watch/contracts';
import { generateReport, type GeneratedReport } from './generate';
import { layouts, a4Grouped, letterPortraitTimes } from './layouts';
import { readPdfPages, squash } from './pdf-text';
import { stateName } from './states';
import { syntheticContent } from './synthetic';

const base = syntheticContent({ seed: 3, declinedRows: 90, policies: 14 });
// every seventh row gets a long charge list, so tall rows meet page bottoms in every layout
const content = {
  ...base,
  declined: base.declined.map((r, i) =>
    i % 7 === 3 ? { ...r, notableCriminalActivity: Array(4).fill(r.notableCriminalActivity).join(', ') } : r,
  ),
};

describe.each(layouts.map((l) => [l.name, l] as const))('layout %s', (_name, layout) => {
  let report: GeneratedReport;
  let pages: string[];

  beforeAll(async () => {
    report = await generateReport(content, layout);
    pages = await readPdfPages(report.pdf);
  });

  /**
   * The document text without running footers and repeated table headers, which pdf.js reads between the two parts
   * of a row split over a page break.
   */
  const body = (): string => {
    const headers = [layout.declinedColumns, layout.policyColumns].map((cols) =>
      cols.map((c) => squash(c.header)).join(''),
    );
    return pages
      .map((p, i) => {
        let text = squash(p)
          .replace(squash(layout.footer.text), '')
          .replace(new RegExp(`(PAGE)?${i + 1}(OF\\d+)?$`), '');
        if (i > 0) for (const h of headers) text = text.replace(h, '');
        return text;
      })
      .join('');
  };

  it('gives the same bytes for the same content', async () => {
    const again = await generateReport(content, layout);
    expect(Buffer.from(again.pdf).equals(Buffer.from(report.pdf))).toBe(true);
  });

  it('gives different bytes for different content', async () => {
    const other = await generateReport(syntheticContent({ seed: 4, declinedRows: 90, policies: 14 }), layout);
    expect(Buffer.from(other.pdf).equals(Buffer.from(report.pdf))).toBe(false);
  });

  it('writes a truth that is a valid ReportExtract with every row of the content', () => {
    const full = { ...report.truth, reportId: '0'.repeat(64), warnings: [] };
    expect(() => ReportExtract.parse(full)).not.toThrow();
    expect(report.truth.declined).toHaveLength(content.declined.length);
    expect(report.truth.highestVolume).toHaveLength(content.highestVolume.length);
    expect(report.truth.policies).toHaveLength(content.policies.length);
    expect(report.truth.declined.map(({ page: _p, ...row }) => row)).toEqual(content.declined);
    expect(report.truth.detainersIssued).toBe(3083);
    expect(report.truth.periodStart).toBe('2017-01-28');
  });

  it('opens in pdf.js with the page count of the truth', () => {
    expect(pages).toHaveLength(report.truth.pageCount);
    expect(report.truth.pageCount).toBeGreaterThan(3);
  });

  it('prints each declined row starting on the page the truth gives', () => {
    for (const row of report.truth.declined) {
      const page = squash(pages[row.page - 1]);
      // the first word of every cell is printed on the row's first page
      expect(page).toContain(squash(row.facility.split(' ')[0]));
      expect(page).toContain(squash(row.notableCriminalActivity.split(' ')[0]));
      expect(page).toContain(squash(row.detainerIssued!.slice(0, 4)));
    }
  });

  it('prints every facility, charge list and policy somewhere, a split row on two consecutive pages', () => {
    const all = body();
    let split = 0;
    for (const row of report.truth.declined) {
      expect(all).toContain(squash(row.facility));
      const activity = squash(row.notableCriminalActivity);
      if (all.includes(activity)) continue;
      // a split row: its other cells come between the two parts of the charge list
      split++;
      expect(squash(pages[row.page - 1])).toContain(activity.slice(0, 12));
      expect(squash(pages[row.page])).toContain(activity.slice(-12));
    }
    expect(split).toBeLessThanOrEqual(report.features.splitRows);
    for (const p of report.truth.policies) {
      expect(squash(pages[p.page - 1])).toContain(squash(p.jurisdiction.split(' ')[0]));
      for (const c of p.criteria) expect(all).toContain(squash(c));
      if (p.aor) expect(all).toContain(squash(`${p.jurisdiction} (${p.aor})`));
    }
  });

  it('prints a page number and the footer on every page', () => {
    pages.forEach((text, i) => {
      expect(squash(text)).toContain(squash(layout.footer.text));
      expect(squash(text)).toMatch(new RegExp(`${i + 1}(OF${pages.length})?$`));
    });
  });

  it('prints the state as the layout says', () => {
    const all = pages.join(' ');
    const name = stateName('NC');
    if (layout.stateStyle === 'name') expect(all).toContain(name);
    else expect(all).not.toContain(name);
  });

  it('repeats the Section II header as the layout says', () => {
    const header = layout.declinedColumns.find((c) => c.field === 'notableCriminalActivity')!.header;
    const pagesWithHeader = pages.filter(
      (p) => p.includes(header.split(' ')[0]) && p.includes('Activity'),
    ).length;
    const rowPages = new Set(report.truth.declined.map((r) => r.page)).size;
    if (layout.headerRepeat === 'every-page') expect(pagesWithHeader).toBeGreaterThanOrEqual(rowPages);
    else expect(pagesWithHeader).toBe(1);
  });

  it('splits a wrapped row over a page break when the layout allows it', () => {
    if (layout.splitRows) expect(report.features.splitRows).toBeGreaterThan(0);
    else expect(report.features.splitRows).toBe(0);
  });
});

describe('layout features', () => {
  it('hyphenates long words in letter-portrait-times and the truth keeps them whole', async () => {
    const report = await generateReport(content, letterPortraitTimes);
    expect(report.features.hyphenatedWords.length).toBeGreaterThan(0);
    const pages = await readPdfPages(report.pdf);
    const word = report.features.hyphenatedWords.find((w) => w.length >= 9)!;
    const printedSplit = pages.some((p) => new RegExp(`${word.slice(0, 3)}[A-Za-z]*-`).test(p));
    expect(printedSplit).toBe(true);
    const truthText = JSON.stringify(report.truth);
    expect(truthText).not.toMatch(/[a-z]- [a-z]/);
  });

  it('prints a state once per group in a4-landscape-grouped', async () => {
    const report = await generateReport(content, a4Grouped);
    const pages = await readPdfPages(report.pdf);
    const groups = new Set(content.declined.map((r) => `${r.state}|${r.county}`)).size;
    const printed = pages.join(' ').split(stateName('NC')).length - 1;
    expect(content.declined.filter((r) => r.state === 'NC').length).toBeGreaterThan(1);
    expect(printed).toBeLessThan(content.declined.filter((r) => r.state === 'NC').length);
    expect(groups).toBeLessThan(content.declined.length);
  });

  it('uses both generators', () => {
    expect(new Set(layouts.map((l) => l.generator))).toEqual(new Set(['pdfkit', 'pdf-lib']));
  });
});

import type { DeclinedRow, HighestVolumeRow, PolicyRow, ReportExtract } from '@detainer-watch/contracts';
import {
  AGENCY_LINE,
  REPORT_TITLE,
  SECTION_III_PREAMBLE,
  apRange,
  formatCount,
  formatDate,
  longDate,
  normalizeContent,
  sectionHeadings,
  sectionISentence,
  summaryParagraphs,
  type ReportContent,
} from './content';
import { pageDimensions, pageNumberText, type Column, type Layout } from './layout';
import { stateName } from './states';
import { assertEncodable, textWidth, wrap, type FontName } from './text';

/** Drawing operations in points, origin at the page's top left; `y` of text is its baseline. */
export type Op =
  | { kind: 'text'; x: number; y: number; font: FontName; size: number; text: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; gray: number };

export interface ComposedPage {
  ops: Op[];
}

export type Truth = Omit<ReportExtract, 'reportId' | 'warnings'>;

/** What the layout did that an extractor must cope with; tests use it to check the fixtures exercise those cases. */
export interface LayoutFeatures {
  /** table rows that start on one page and end on the next */
  splitRows: number;
  /** words printed split with a hyphen at a line end */
  hyphenatedWords: string[];
}

export interface Composition {
  width: number;
  height: number;
  pages: ComposedPage[];
  truth: Truth;
  features: LayoutFeatures;
}

/** A fragment of a cell line, at an x offset inside the cell's text area. */
interface CellLine {
  dx: number;
  text: string;
}

type CellContent = { kind: 'text'; text: string } | { kind: 'bullets'; items: string[] };

class Composer {
  readonly pages: ComposedPage[] = [];
  readonly features: LayoutFeatures = { splitRows: 0, hyphenatedWords: [] };
  readonly width: number;
  readonly height: number;
  y = 0;

  constructor(readonly layout: Layout) {
    const dim = pageDimensions(layout);
    this.width = dim.width;
    this.height = dim.height;
    this.newPage();
  }

  get pageNumber(): number {
    return this.pages.length;
  }

  private get ops(): Op[] {
    return this.pages[this.pages.length - 1].ops;
  }

  private get left(): number {
    return this.layout.margins.left;
  }

  private get contentWidth(): number {
    return this.width - this.layout.margins.left - this.layout.margins.right;
  }

  private get bottom(): number {
    return this.height - this.layout.margins.bottom;
  }

  lineHeight(size: number): number {
    return size * this.layout.leading;
  }

  newPage(): void {
    this.pages.push({ ops: [] });
    this.y = this.layout.margins.top;
  }

  text(x: number, baseline: number, text: string, font: FontName, size: number): void {
    if (text.length === 0) return;
    assertEncodable(text, `layout ${this.layout.name}, page ${this.pageNumber}`);
    this.ops.push({ kind: 'text', x, y: baseline, font, size, text });
  }

  private wrapped(text: string, font: FontName, size: number, width: number): string[] {
    const { lines, hyphenated } = wrap(text, { font, size, width, hyphenate: this.layout.hyphenate });
    this.features.hyphenatedWords.push(...hyphenated);
    return lines;
  }

  /** Space for `needed` points below the cursor, or a new page. */
  ensure(needed: number): void {
    if (this.y + needed > this.bottom) this.newPage();
  }

  paragraph(
    text: string,
    opts: { font?: FontName; size?: number; indent?: number; align?: 'left' | 'center'; after?: number } = {},
  ): void {
    const font = opts.font ?? this.layout.fonts.regular;
    const size = opts.size ?? this.layout.sizes.body;
    const indent = opts.indent ?? 0;
    const lh = this.lineHeight(size);
    const lines = this.wrapped(text, font, size, this.contentWidth - indent);
    for (const line of lines) {
      this.ensure(lh);
      const x =
        opts.align === 'center'
          ? this.left + (this.contentWidth - textWidth(line, font, size)) / 2
          : this.left + indent;
      this.text(x, this.y + size * 0.8, line, font, size);
      this.y += lh;
    }
    this.y += opts.after ?? size * 0.6;
  }

  heading(text: string): void {
    const size = this.layout.sizes.heading;
    // keep a heading with at least a few lines of what follows
    this.ensure(this.lineHeight(size) * 2 + this.lineHeight(this.layout.sizes.table) * 4);
    this.paragraph(text, { font: this.layout.fonts.bold, size, after: size * 0.5 });
  }

  sectionBreak(): void {
    if (this.layout.sectionPageBreaks) this.newPage();
    else this.y += this.layout.sizes.body;
  }

  /** A cell's lines; a bullet line holds two fragments, the bullet and the indented text. */
  private cellLines(cell: CellContent, width: number, font: FontName, size: number): CellLine[][] {
    if (cell.kind === 'text')
      return this.wrapped(cell.text, font, size, width).map((t) => [{ dx: 0, text: t }]);
    const indent = textWidth('\u2022', font, size) + size * 0.6;
    return cell.items.flatMap((item) =>
      this.wrapped(item, font, size, width - indent).map((t, i) =>
        i === 0
          ? [
              { dx: 0, text: '\u2022' },
              { dx: indent, text: t },
            ]
          : [{ dx: indent, text: t }],
      ),
    );
  }

  /**
   * Draws a table. `rows[i]` are the cells in column order; `onRowStart(i, page)` reports where each row begins.
   * `groupKeys[i]`, with layout.groupCells, merges the first two columns of consecutive rows with the same key.
   */
  table<F extends string>(
    columns: Column<F>[],
    rows: CellContent[][],
    onRowStart: (index: number, page: number) => void,
    groupKeys?: string[],
  ): void {
    const { layout } = this;
    const size = layout.sizes.table;
    const lh = this.lineHeight(size);
    const pad = layout.cellPadding;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const xs: number[] = [this.left];
    for (const c of columns) xs.push(xs[xs.length - 1] + (c.width / total) * this.contentWidth);
    const textWidths = columns.map((_, i) => xs[i + 1] - xs[i] - 2 * pad);
    const mergedCols = layout.groupCells && groupKeys ? 2 : 0;

    const headerLines = columns.map((c, i) => this.wrapped(c.header, layout.fonts.bold, size, textWidths[i]));
    const headerHeight = Math.max(...headerLines.map((l) => l.length)) * lh + 2 * pad;

    const drawHeader = (): void => {
      const top = this.y;
      if (layout.headerShade !== null) {
        this.ops.push({
          kind: 'rect',
          x: xs[0],
          y: top,
          w: xs[xs.length - 1] - xs[0],
          h: headerHeight,
          gray: layout.headerShade,
        });
      }
      headerLines.forEach((lines, i) =>
        lines.forEach((l, k) =>
          this.text(xs[i] + pad, top + pad + k * lh + size * 0.8, l, layout.fonts.bold, size),
        ),
      );
      this.rule(xs[0], xs[xs.length - 1], top, 0.8);
      this.rule(xs[0], xs[xs.length - 1], top + headerHeight, 0.8);
      if (layout.rules === 'grid') this.verticals(xs, top, top + headerHeight);
      this.y = top + headerHeight;
    };

    this.ensure(headerHeight + lh + 2 * pad);
    drawHeader();
    let tableTopOnPage = this.y;

    for (let r = 0; r < rows.length; r++) {
      const sameGroupAsPrev = mergedCols > 0 && r > 0 && groupKeys![r] === groupKeys![r - 1];
      const cells = rows[r].map((cell, i) =>
        i < mergedCols && sameGroupAsPrev
          ? []
          : this.cellLines(cell, textWidths[i], layout.fonts.regular, size),
      );
      const n = Math.max(1, ...cells.map((c) => c.length));
      let done = 0;
      let first = true;
      while (done < n) {
        const fit = Math.floor((this.bottom - this.y - 2 * pad) / lh);
        const remaining = n - done;
        let take = remaining;
        if (fit < remaining) {
          const tallerThanPage = n * lh + 2 * pad > this.bottom - layout.margins.top - headerHeight;
          if (fit < 1 || !(layout.splitRows || tallerThanPage)) {
            this.closeTable(xs, tableTopOnPage, true);
            this.newPage();
            if (layout.headerRepeat === 'every-page') drawHeader();
            tableTopOnPage = this.y;
            continue;
          }
          take = fit;
        }
        if (first) onRowStart(r, this.pageNumber);
        const top = this.y;
        cells.forEach((lines, i) => {
          lines.slice(done, done + take).forEach((slot, k) => {
            for (const l of slot)
              this.text(
                xs[i] + pad + l.dx,
                top + pad + k * lh + size * 0.8,
                l.text,
                layout.fonts.regular,
                size,
              );
          });
        });
        this.y = top + take * lh + 2 * pad;
        done += take;
        if (done < n) {
          this.features.splitRows += first ? 1 : 0;
          this.closeTable(xs, tableTopOnPage, true);
          this.newPage();
          if (layout.headerRepeat === 'every-page') drawHeader();
          tableTopOnPage = this.y;
        } else {
          const nextSameGroup = mergedCols > 0 && r + 1 < rows.length && groupKeys![r + 1] === groupKeys![r];
          this.rule(nextSameGroup ? xs[mergedCols] : xs[0], xs[xs.length - 1], this.y, 0.5);
        }
        first = false;
      }
    }
    this.closeTable(xs, tableTopOnPage, false);
    this.y += this.layout.sizes.body;
  }

  private rule(x1: number, x2: number, y: number, width: number): void {
    this.ops.push({ kind: 'line', x1, y1: y, x2, y2: y, width });
  }

  private verticals(xs: number[], top: number, bottom: number): void {
    for (const x of xs) this.ops.push({ kind: 'line', x1: x, y1: top, x2: x, y2: bottom, width: 0.5 });
  }

  /** Vertical rules of the table part on this page, and its bottom rule when it breaks. */
  private closeTable(xs: number[], top: number, breaking: boolean): void {
    if (this.y <= top) return;
    if (this.layout.rules === 'grid') this.verticals(xs, top, this.y);
    if (breaking) this.rule(xs[0], xs[xs.length - 1], this.y, 0.5);
  }

  footers(): void {
    const { layout } = this;
    const size = layout.sizes.footer;
    const baseline = this.height - layout.margins.bottom / 2;
    this.pages.forEach((page, i) => {
      const num = pageNumberText(layout, i + 1, this.pages.length);
      const numWidth = textWidth(num, layout.fonts.regular, size);
      page.ops.push({
        kind: 'text',
        x: layout.margins.left,
        y: baseline,
        font: layout.fonts.regular,
        size,
        text: layout.footer.text,
      });
      page.ops.push({
        kind: 'text',
        x: this.width - layout.margins.right - numWidth,
        y: baseline,
        font: layout.fonts.regular,
        size,
        text: num,
      });
    });
  }
}

function stateText(layout: Layout, code: string): string {
  return layout.stateStyle === 'code' ? code : stateName(code);
}

function text(s: string): CellContent {
  return { kind: 'text', text: s };
}

/** Lays out a report and records the ground truth of where everything landed. */
export function compose(rawContent: ReportContent, layout: Layout): Composition {
  const content = normalizeContent(rawContent);
  validateLayout(layout);
  const c = new Composer(layout);
  const headings = sectionHeadings(content);
  const { sizes, fonts } = layout;

  // Page 1: title block and summary
  c.paragraph(AGENCY_LINE, { font: fonts.bold, size: sizes.heading, align: 'center', after: 2 });
  c.paragraph(REPORT_TITLE, { font: fonts.bold, size: sizes.title, align: 'center', after: 2 });
  const period =
    layout.titlePeriodStyle === 'ap'
      ? apRange(content.periodStart, content.periodEnd)
      : `${longDate(content.periodStart)} \u2013 ${longDate(content.periodEnd)}`;
  c.paragraph(`For Recorded Declined Detainers ${period}`, {
    size: sizes.heading,
    align: 'center',
    after: sizes.body * 1.5,
  });
  c.paragraph('Summary', { font: fonts.bold, size: sizes.heading });
  for (const p of summaryParagraphs(content)) c.paragraph(p);
  for (const h of [headings.I, headings.II, headings.III, headings.IV])
    c.paragraph(h, { indent: 24, after: 3 });

  // Section I
  c.sectionBreak();
  c.heading(headings.I);
  const sentence = sectionISentence(content);
  if (sentence) c.paragraph(sentence);
  const highestVolume: HighestVolumeRow[] = content.highestVolume.map((r) => ({ ...r, page: 0 }));
  c.table(
    layout.highestVolumeColumns,
    content.highestVolume.map((r) =>
      layout.highestVolumeColumns.map((col) => {
        switch (col.field) {
          case 'jurisdiction':
            return text(r.jurisdiction);
          case 'state':
            return text(stateText(layout, r.state));
          case 'detainersIssued':
            return text(r.detainersIssued === null ? '' : formatCount(r.detainersIssued));
        }
      }),
    ),
    (i, page) => (highestVolume[i].page = page),
  );

  // Section II
  c.sectionBreak();
  c.heading(headings.II);
  const declined: DeclinedRow[] = content.declined.map((r) => ({ ...r, page: 0 }));
  c.table(
    layout.declinedColumns,
    content.declined.map((r) =>
      layout.declinedColumns.map((col) => {
        switch (col.field) {
          case 'state':
            return text(stateText(layout, r.state));
          case 'detainerIssued':
            return text(formatDate(r.detainerIssued, layout.dateStyle));
          case 'detainerDeclined':
            return text(formatDate(r.detainerDeclined, layout.dateStyle));
          default:
            return text(r[col.field]);
        }
      }),
    ),
    (i, page) => (declined[i].page = page),
    content.declined.map((r) => `${r.state}|${r.county}`),
  );

  // Section III
  c.sectionBreak();
  c.heading(headings.III);
  c.paragraph(SECTION_III_PREAMBLE);
  const policies: PolicyRow[] = content.policies.map((r) => ({ ...r, page: 0 }));
  c.table(
    layout.policyColumns,
    content.policies.map((r) =>
      layout.policyColumns.map((col): CellContent => {
        switch (col.field) {
          case 'jurisdiction':
            return text(r.aor === null ? r.jurisdiction : `${r.jurisdiction} (${r.aor})`);
          case 'dateEnacted':
            return text(r.dateEnacted ?? '');
          case 'policy':
            return text(r.policy);
          case 'criteria':
            return { kind: 'bullets', items: r.criteria };
        }
      }),
    ),
    (i, page) => (policies[i].page = page),
  );

  // Section IV
  c.sectionBreak();
  c.heading(headings.IV);
  for (const p of content.scopeText) c.paragraph(p);

  c.footers();
  return {
    width: c.width,
    height: c.height,
    pages: c.pages,
    features: c.features,
    truth: {
      title: REPORT_TITLE,
      periodStart: content.periodStart,
      periodEnd: content.periodEnd,
      detainersIssued: content.detainersIssued,
      pageCount: c.pages.length,
      highestVolume,
      declined,
      policies,
    },
  };
}

function validateLayout(layout: Layout): void {
  if (layout.groupCells) {
    const firstTwo = layout.declinedColumns
      .slice(0, 2)
      .map((c) => c.field)
      .sort();
    if (firstTwo.join() !== 'county,state') {
      throw new Error(
        `layout ${layout.name}: groupCells needs State and County as the first two Section II columns`,
      );
    }
  }
}

import type { DateStyle } from './content';
import type { FontName } from './text';

export type Generator = 'pdfkit' | 'pdf-lib';
export type PageSize = 'letter' | 'legal' | 'a4';
export type DeclinedField =
  | 'state'
  | 'county'
  | 'facility'
  | 'citizenship'
  | 'notableCriminalActivity'
  | 'detainerIssued'
  | 'detainerDeclined';
export type HighestVolumeField = 'jurisdiction' | 'state' | 'detainersIssued';
export type PolicyField = 'jurisdiction' | 'dateEnacted' | 'policy' | 'criteria';

/** A table column: which field, the header label as printed, and a relative width. */
export interface Column<F extends string> {
  field: F;
  header: string;
  width: number;
}

/** Everything about how a report is typeset. The content never changes with the layout; the truth's pages do. */
export interface Layout {
  name: string;
  description: string;
  generator: Generator;
  page: { size: PageSize; orientation: 'portrait' | 'landscape' };
  margins: { top: number; right: number; bottom: number; left: number };
  fonts: { regular: FontName; bold: FontName };
  sizes: { title: number; heading: number; body: number; table: number; footer: number };
  /** line height as a multiple of the font size */
  leading: number;
  /** padding inside a table cell, points */
  cellPadding: number;
  highestVolumeColumns: Column<HighestVolumeField>[];
  declinedColumns: Column<DeclinedField>[];
  policyColumns: Column<PolicyField>[];
  /** the table header row on every page of a table, or only where the table starts */
  headerRepeat: 'every-page' | 'first-page';
  /** "TX" or "Texas" in the State columns */
  stateStyle: 'code' | 'name';
  dateStyle: DateStyle;
  /** "Jan. 28 – Feb. 3, 2017" or "January 28, 2017 – February 3, 2017" under the title */
  titlePeriodStyle: 'ap' | 'long';
  /**
   * State and county printed once per group like merged Word cells: only on the group's first row, with no rule
   * between rows of the group in those columns. Requires state and county to be the first two Section II columns.
   */
  groupCells: boolean;
  /** a row that does not fit at the page bottom continues on the next page instead of moving there whole */
  splitRows: boolean;
  hyphenate: boolean;
  rules: 'grid' | 'horizontal';
  /** gray level (0 black .. 1 white) behind header rows; null for none */
  headerShade: number | null;
  /** each section starts on a new page */
  sectionPageBreaks: boolean;
  footer: { text: string; pageNumber: 'page-n-of-m' | 'n' | 'dash-n-dash' };
}

export function pageDimensions(layout: Layout): { width: number; height: number } {
  const portrait = { letter: [612, 792], legal: [612, 1008], a4: [595.28, 841.89] }[layout.page.size];
  const [w, h] = layout.page.orientation === 'portrait' ? portrait : [portrait[1], portrait[0]];
  return { width: w, height: h };
}

export function pageNumberText(layout: Layout, n: number, total: number): string {
  switch (layout.footer.pageNumber) {
    case 'page-n-of-m':
      return `Page ${n} of ${total}`;
    case 'n':
      return String(n);
    case 'dash-n-dash':
      return `- ${n} -`;
  }
}

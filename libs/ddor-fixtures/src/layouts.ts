import type { Column, Layout, PolicyField } from './layout';

const POLICY_COLUMNS: Column<PolicyField>[] = [
  { field: 'jurisdiction', header: 'Jurisdiction (AOR)', width: 22 },
  { field: 'dateEnacted', header: 'Date Enacted', width: 11 },
  { field: 'policy', header: 'Policy', width: 27 },
  { field: 'criteria', header: 'Criteria for Honoring Detainer', width: 40 },
];

/** Letter landscape, Helvetica, full grid, header on every page, USPS codes, M/D/YYYY: the closest guess at ICE's own. */
export const iceLetterLandscape: Layout = {
  name: 'ice-letter-landscape',
  description: 'pdfkit, Letter landscape, Helvetica 10/9pt, grid, headers repeated, state codes, M/D/YYYY',
  generator: 'pdfkit',
  page: { size: 'letter', orientation: 'landscape' },
  margins: { top: 50, right: 45, bottom: 54, left: 45 },
  fonts: { regular: 'Helvetica', bold: 'Helvetica-Bold' },
  sizes: { title: 16, heading: 12, body: 11, table: 10, footer: 8 },
  leading: 1.22,
  cellPadding: 5,
  highestVolumeColumns: [
    { field: 'jurisdiction', header: 'Jurisdiction', width: 50 },
    { field: 'state', header: 'State', width: 20 },
    { field: 'detainersIssued', header: 'Detainers Issued', width: 30 },
  ],
  declinedColumns: [
    { field: 'state', header: 'State', width: 6 },
    { field: 'county', header: 'County', width: 12 },
    { field: 'facility', header: 'Jurisdiction/Facility', width: 17 },
    { field: 'citizenship', header: 'Citizenship', width: 11 },
    { field: 'notableCriminalActivity', header: 'Notable Criminal Activity', width: 34 },
    { field: 'detainerIssued', header: 'Detainer Issued Date', width: 10 },
    { field: 'detainerDeclined', header: 'Detainer Declined Date', width: 10 },
  ],
  policyColumns: POLICY_COLUMNS,
  headerRepeat: 'every-page',
  stateStyle: 'code',
  dateStyle: 'M/D/YYYY',
  titlePeriodStyle: 'ap',
  groupCells: false,
  splitRows: true,
  hyphenate: false,
  rules: 'grid',
  headerShade: 0.85,
  sectionPageBreaks: true,
  footer: { text: 'Weekly Declined Detainer Outcome Report', pageNumber: 'page-n-of-m' },
};

/** Letter portrait, Times, horizontal rules, header only where a table starts, state names, MM/DD/YYYY, hyphenation. */
export const letterPortraitTimes: Layout = {
  name: 'letter-portrait-times',
  description:
    'pdf-lib, Letter portrait, Times 10/8pt, horizontal rules, header on first page only, state names, MM/DD/YYYY, hyphenation',
  generator: 'pdf-lib',
  page: { size: 'letter', orientation: 'portrait' },
  margins: { top: 54, right: 40, bottom: 60, left: 40 },
  fonts: { regular: 'Times-Roman', bold: 'Times-Bold' },
  sizes: { title: 15, heading: 11, body: 10, table: 8, footer: 8 },
  leading: 1.18,
  cellPadding: 3,
  highestVolumeColumns: [
    { field: 'jurisdiction', header: 'County', width: 45 },
    { field: 'state', header: 'State', width: 25 },
    { field: 'detainersIssued', header: 'Number of Detainers Issued', width: 30 },
  ],
  declinedColumns: [
    { field: 'facility', header: 'Facility', width: 18 },
    { field: 'county', header: 'County', width: 12 },
    { field: 'state', header: 'State', width: 10 },
    { field: 'citizenship', header: 'Country of Citizenship', width: 11 },
    { field: 'detainerIssued', header: 'Date Detainer Issued', width: 10 },
    { field: 'detainerDeclined', header: 'Date Detainer Declined', width: 10 },
    { field: 'notableCriminalActivity', header: 'Notable Criminal Activity', width: 29 },
  ],
  policyColumns: [
    { field: 'jurisdiction', header: 'Jurisdiction (AOR)', width: 22 },
    { field: 'dateEnacted', header: 'Date Enacted', width: 12 },
    { field: 'policy', header: 'Policy', width: 24 },
    { field: 'criteria', header: 'Criteria for Honoring Detainer', width: 42 },
  ],
  headerRepeat: 'first-page',
  stateStyle: 'name',
  dateStyle: 'MM/DD/YYYY',
  titlePeriodStyle: 'long',
  groupCells: false,
  splitRows: true,
  hyphenate: true,
  rules: 'horizontal',
  headerShade: null,
  sectionPageBreaks: false,
  footer: { text: 'U.S. Immigration and Customs Enforcement', pageNumber: 'n' },
};

/** A4 landscape, Helvetica 8pt, state and county printed once per group like merged cells, state names. */
export const a4Grouped: Layout = {
  name: 'a4-landscape-grouped',
  description:
    'pdfkit, A4 landscape, Helvetica 10/8pt, grid, state+county merged per group, state names, M/D/YYYY',
  generator: 'pdfkit',
  page: { size: 'a4', orientation: 'landscape' },
  margins: { top: 40, right: 36, bottom: 48, left: 36 },
  fonts: { regular: 'Helvetica', bold: 'Helvetica-Bold' },
  sizes: { title: 14, heading: 11, body: 10, table: 8, footer: 7 },
  leading: 1.2,
  cellPadding: 3,
  highestVolumeColumns: [
    { field: 'jurisdiction', header: 'Jurisdiction', width: 40 },
    { field: 'state', header: 'State', width: 30 },
    { field: 'detainersIssued', header: 'Detainers Issued', width: 30 },
  ],
  declinedColumns: [
    { field: 'state', header: 'State', width: 10 },
    { field: 'county', header: 'County', width: 12 },
    { field: 'facility', header: 'Jurisdiction / Facility', width: 18 },
    { field: 'citizenship', header: 'Citizenship', width: 11 },
    { field: 'notableCriminalActivity', header: 'Notable Criminal Activity', width: 31 },
    { field: 'detainerIssued', header: 'Detainer Issued', width: 9 },
    { field: 'detainerDeclined', header: 'Detainer Declined', width: 9 },
  ],
  policyColumns: POLICY_COLUMNS,
  headerRepeat: 'every-page',
  stateStyle: 'name',
  dateStyle: 'M/D/YYYY',
  titlePeriodStyle: 'ap',
  groupCells: true,
  splitRows: true,
  hyphenate: false,
  rules: 'grid',
  headerShade: 0.75,
  sectionPageBreaks: true,
  footer: { text: 'ENFORCEMENT AND REMOVAL OPERATIONS', pageNumber: 'dash-n-dash' },
};

/** Legal landscape, Courier, declined date before issued date, rows never split, state codes. */
export const legalCourier: Layout = {
  name: 'legal-landscape-courier',
  description:
    'pdf-lib, Legal landscape, Courier 10/8pt, grid, headers repeated, rows kept whole, declined column before issued',
  generator: 'pdf-lib',
  page: { size: 'legal', orientation: 'landscape' },
  margins: { top: 45, right: 40, bottom: 50, left: 40 },
  fonts: { regular: 'Courier', bold: 'Courier-Bold' },
  sizes: { title: 14, heading: 11, body: 10, table: 8, footer: 8 },
  leading: 1.15,
  cellPadding: 3,
  highestVolumeColumns: [
    { field: 'detainersIssued', header: 'Detainers Issued', width: 20 },
    { field: 'jurisdiction', header: 'Jurisdiction', width: 50 },
    { field: 'state', header: 'State', width: 30 },
  ],
  declinedColumns: [
    { field: 'county', header: 'County', width: 13 },
    { field: 'state', header: 'State', width: 5 },
    { field: 'facility', header: 'Jurisdiction/Facility', width: 19 },
    { field: 'citizenship', header: 'Citizenship', width: 12 },
    { field: 'notableCriminalActivity', header: 'Notable Criminal Activity', width: 33 },
    { field: 'detainerDeclined', header: 'Detainer Declined Date', width: 9 },
    { field: 'detainerIssued', header: 'Detainer Issued Date', width: 9 },
  ],
  policyColumns: POLICY_COLUMNS,
  headerRepeat: 'every-page',
  stateStyle: 'code',
  dateStyle: 'M/D/YYYY',
  titlePeriodStyle: 'ap',
  groupCells: false,
  splitRows: false,
  hyphenate: false,
  rules: 'grid',
  headerShade: null,
  sectionPageBreaks: true,
  footer: { text: 'Weekly Declined Detainer Outcome Report', pageNumber: 'page-n-of-m' },
};

export const layouts: readonly Layout[] = [iceLetterLandscape, letterPortraitTimes, a4Grouped, legalCourier];
export const defaultLayout = iceLetterLandscape;

export function layoutByName(name: string): Layout {
  const layout = layouts.find((l) => l.name === name);
  if (!layout) throw new Error(`unknown layout "${name}"; known: ${layouts.map((l) => l.name).join(', ')}`);
  return layout;
}

import type { DeclinedRow, HighestVolumeRow, PolicyRow } from '@detainer-watch/contracts';

/**
 * The heading wording of an issue (see shared/docs/ddor-format.md):
 * - `week1`: Section I "... to Non-Cooperative Jurisdictions between ...", Section II "... Broken Down by Individuals
 *   Released between ...", Section III "... which Limit Cooperation with ICE";
 * - `week2`: Section I "... between ... to Jurisdictions which Restrict Cooperation with ICE", Section II without
 *   "Broken Down by Individuals Released", Section III still "Limit";
 * - `week3`: as week 2, Section III "Restrict".
 */
export type TitleVariant = 'week1' | 'week2' | 'week3';

/** What a report says, independent of how it is typeset. Rows carry no page: the layout decides where they fall. */
export interface ReportContent {
  titleVariant: TitleVariant;
  /** ISO dates of the recorded-declined period, e.g. 2017-01-28 and 2017-02-03 */
  periodStart: string;
  periodEnd: string;
  /** national total printed in the Section I sentence; null leaves the sentence out */
  detainersIssued: number | null;
  highestVolume: Omit<HighestVolumeRow, 'page'>[];
  declined: Omit<DeclinedRow, 'page'>[];
  policies: Omit<PolicyRow, 'page'>[];
  /** Section IV paragraphs */
  scopeText: string[];
}

/** The report title line; the ground truth's `title` is this line as printed. */
export const REPORT_TITLE = 'Weekly Declined Detainer Outcome Report';
export const AGENCY_LINE = 'ENFORCEMENT AND REMOVAL OPERATIONS';

/** Month names as printed in the reports ("February 2017"), from the runtime's locale data. */
export const MONTHS: readonly string[] = Array.from({ length: 12 }, (_, i) =>
  new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, i, 1)),
);
// AP style, as in "Jan. 28 – Feb. 3, 2017"
const MONTHS_AP = [
  'Jan.',
  'Feb.',
  'March',
  'April',
  'May',
  'June',
  'July',
  'Aug.',
  'Sept.',
  'Oct.',
  'Nov.',
  'Dec.',
];

export function parseIso(iso: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`expected an ISO date YYYY-MM-DD, got "${iso}"`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** "January 28, 2017" */
export function longDate(iso: string): string {
  const { y, m, d } = parseIso(iso);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** "Jan. 28 – Feb. 3, 2017"; the year is repeated only when the period spans two years */
export function apRange(startIso: string, endIso: string): string {
  const s = parseIso(startIso);
  const e = parseIso(endIso);
  const start = `${MONTHS_AP[s.m - 1]} ${s.d}${s.y === e.y ? '' : `, ${s.y}`}`;
  return `${start} \u2013 ${MONTHS_AP[e.m - 1]} ${e.d}, ${e.y}`;
}

export type DateStyle = 'M/D/YYYY' | 'MM/DD/YYYY';

export function formatDate(iso: string | null, style: DateStyle): string {
  if (iso === null) return '';
  const { y, m, d } = parseIso(iso);
  if (style === 'M/D/YYYY') return `${m}/${d}/${y}`;
  return `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The wording of the page-1 section list and the section headings. */
export function sectionHeadings(content: ReportContent): { I: string; II: string; III: string; IV: string } {
  const between = `between ${longDate(content.periodStart)}, and ${longDate(content.periodEnd)}`;
  const betweenNoComma = `between ${longDate(content.periodStart)} and ${longDate(content.periodEnd)}`;
  const IV = 'Section IV: Report Scope and Data Fidelity';
  if (content.titleVariant === 'week1') {
    return {
      I: `Section I: Highest Volume of Detainers Issued to Non-Cooperative Jurisdictions ${between}`,
      II: `Section II: Jurisdictions with Recorded Declined Detainers Broken Down by Individuals Released ${between}`,
      III: 'Section III: Table of Jurisdictions that have Enacted Policies which Limit Cooperation with ICE',
      IV,
    };
  }
  return {
    I: `Section I: Highest Volume of Detainers Issued ${betweenNoComma} to Jurisdictions which Restrict Cooperation with ICE`,
    II: `Section II: Jurisdictions with Recorded Declined Detainers ${betweenNoComma}`,
    III: `Section III: Table of Jurisdictions that have Enacted Policies which ${
      content.titleVariant === 'week2' ? 'Limit' : 'Restrict'
    } Cooperation with ICE`,
    IV,
  };
}

export function summaryParagraphs(content: ReportContent): string[] {
  const period = `between ${longDate(content.periodStart)}, and ${longDate(content.periodEnd)}`;
  const subject =
    content.titleVariant === 'week3'
      ? 'jurisdictions that do not honor detainers'
      : 'jurisdictions that release aliens from their custody';
  return [
    'Pursuant to section 9(b) of Executive Order 13768, Enhancing Public Safety in the Interior of the United ' +
      `States, U.S. Immigration and Customs Enforcement (ICE) reports on ${subject} on a weekly basis. ICE ` +
      'compiled this report based on jurisdictions with detainers that were recorded as declined ' +
      `${period}, regardless of detainer issuance date.`,
    'It should be noted that law enforcement agencies (LEA) do not generally advise ICE of when a detainer is not ' +
      'honored. Therefore, the detainers recorded as declined in this report represent only those that were ' +
      'recorded in the ICE data system during the reporting period.',
    'This report is comprised of four sections:',
  ];
}

export function sectionISentence(content: ReportContent): string | null {
  if (content.detainersIssued === null) return null;
  return (
    `During the week of ${longDate(content.periodStart)} \u2013 ${longDate(content.periodEnd)}, ICE issued ` +
    `${formatCount(content.detainersIssued)} detainers throughout the United States.`
  );
}

export const SECTION_III_PREAMBLE =
  'The following jurisdictions have been identified through public announcements, news reports, and similar ' +
  'sources as having enacted policies which limit cooperation with ICE. The table is ordered by the date the ' +
  'policy was enacted, newest first.';

export const DEFAULT_SCOPE_TEXT = [
  'This report reflects detainers recorded as declined in the ICE data system during the reporting period. The ' +
    'data are operational and subject to change as records are updated, corrected, or reconciled.',
  'A declined detainer is recorded when ICE learns that a law enforcement agency released an individual subject ' +
    'to a detainer. Jurisdictions are listed as recorded by the ICE officer who entered the record; a jurisdiction ' +
    'may appear because of a transfer or a data entry error and is corrected in a later issue.',
];

/** Collapses whitespace the way the ground truth compares strings. */
export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A copy of the content with every printed string whitespace-normalized, as the ground truth records it. */
export function normalizeContent(content: ReportContent): ReportContent {
  return {
    ...content,
    highestVolume: content.highestVolume.map((r) => ({ ...r, jurisdiction: normalizeSpace(r.jurisdiction) })),
    declined: content.declined.map((r) => ({
      ...r,
      county: normalizeSpace(r.county),
      facility: normalizeSpace(r.facility),
      citizenship: normalizeSpace(r.citizenship),
      notableCriminalActivity: normalizeSpace(r.notableCriminalActivity),
    })),
    policies: content.policies.map((r) => ({
      ...r,
      jurisdiction: normalizeSpace(r.jurisdiction),
      aor: r.aor === null ? null : normalizeSpace(r.aor),
      dateEnacted: r.dateEnacted === null ? null : normalizeSpace(r.dateEnacted),
      policy: normalizeSpace(r.policy),
      criteria: r.criteria.map(normalizeSpace).filter((c) => c.length > 0),
    })),
    scopeText: content.scopeText.map(normalizeSpace),
  };
}

import type { ExposureLine, GrantExposureEstimatedV1 } from '@detainer-watch/contracts';
import type { Watch } from '../watches/watch';
import {
  basisLabel,
  figureStatusLabel,
  formatAmount,
  formatDate,
  formatPeriod,
  headerSafe,
  policyCategoryLabel,
  totalStatusLabel,
} from './format';
import { isWebUrl, unsubscribeUrl } from './links';

/** Everything the alert templates print, already formatted: templates hold no logic beyond loops and conditions. */
export interface AlertView {
  subject: string;
  watchName: string;
  includeChildren: boolean;
  period: string;
  reportId: string;
  sourceUrl: string | null;
  sourceUrlIsLink: boolean;
  jurisdictionCount: number;
  jurisdictions: JurisdictionView[];
  unresolvedInReport: number;
  unsubscribeUrl: string;
}

export interface JurisdictionView {
  displayName: string;
  id: string;
  fips: string | null;
  rawNames: string;
  newness: string;
  highestVolume: string;
  declinedCount: number;
  declinedRows: {
    state: string;
    county: string;
    facility: string;
    citizenship: string;
    notableCriminalActivity: string;
    issued: string;
    declined: string;
    page: number;
  }[];
  /** "1 row" or "2 rows, in report order"; empty when Section III does not list the jurisdiction. */
  policyRows: string;
  /** Every Section III row listed for the jurisdiction, in report order; empty when not listed. */
  policies: {
    jurisdiction: string;
    aor: string | null;
    dateEnacted: string | null;
    text: string;
    criteria: string[];
    page: number;
  }[];
  categories: { label: string; phrases: string[] }[];
  exposure: {
    total: string;
    totalStatus: string;
    method: string;
    programs: string;
    fiscalYears: string;
    lines: {
      program: string;
      cfda: string;
      fiscalYear: number;
      basis: string;
      amount: string;
      status: string;
      sources: { citation: string; url: string | null; urlIsLink: boolean; note: string | null }[];
    }[];
  };
}

/** "Hartford city, CT"; a state by its name alone. */
export const displayName = (e: { name: string; state: string; type: string }): string =>
  e.type === 'state' ? e.name : `${e.name}, ${e.state}`;

function newness(c: GrantExposureEstimatedV1['classification']): string {
  if (c.previousReportId === null) return 'No earlier report of this series to compare with.';
  return c.isNew ? 'New: not listed in the previous report.' : 'Also listed in the previous report.';
}

function byProgramYear(a: ExposureLine, b: ExposureLine): number {
  return a.program.localeCompare(b.program) || a.fiscalYear - b.fiscalYear || a.basis.localeCompare(b.basis);
}

/** The subject names up to three jurisdictions, then says how many more; it is always one header-safe line. */
export function alertSubject(names: string[], period: string): string {
  const shown = names.slice(0, 3).join('; ');
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  return headerSafe(`ICE declined detainer report (${period}): ${shown}${more}`, 250);
}

export function jurisdictionView(estimate: GrantExposureEstimatedV1): JurisdictionView {
  const c = estimate.classification;
  const x = estimate.exposure;
  return {
    displayName: displayName(c.entity),
    id: c.entity.id,
    fips: c.entity.fips,
    rawNames: c.rawNames.map((n) => `"${n}"`).join(', '),
    newness: newness(c),
    highestVolume:
      c.highestVolumeCount === null
        ? 'not listed among the jurisdictions that received the most detainers.'
        : `${c.highestVolumeCount} detainers issued (listed among the jurisdictions that received the most detainers).`,
    declinedCount: c.declinedCount,
    declinedRows: [...c.declinedRows]
      .sort((a, b) => a.rowIndex - b.rowIndex)
      .map((r) => ({
        state: r.state,
        county: r.county,
        facility: r.facility,
        citizenship: r.citizenship,
        notableCriminalActivity: r.notableCriminalActivity,
        issued: r.detainerIssued ? formatDate(r.detainerIssued) : 'not legible in the report',
        declined: r.detainerDeclined ? formatDate(r.detainerDeclined) : 'not legible in the report',
        page: r.page,
      })),
    policyRows:
      c.policies.length === 0
        ? ''
        : c.policies.length === 1
          ? '1 row'
          : `${c.policies.length} rows, in report order`,
    policies: c.policies.map((p) => ({
      jurisdiction: p.jurisdiction,
      aor: p.aor,
      dateEnacted: p.dateEnacted,
      text: p.policy,
      criteria: p.criteria,
      page: p.page,
    })),
    categories: c.categories.map((m) => ({ label: policyCategoryLabel[m.category], phrases: m.phrases })),
    exposure: {
      total: formatAmount(x.totalCents),
      totalStatus: totalStatusLabel[x.totalStatus],
      method: x.method,
      programs: x.programs.join(', ') || 'none selected',
      fiscalYears: x.fiscalYears.join(', ') || 'none selected',
      lines: [...x.lines].sort(byProgramYear).map((l) => ({
        program: l.program,
        cfda: l.cfda,
        fiscalYear: l.fiscalYear,
        basis: basisLabel[l.basis],
        amount: formatAmount(l.amountCents),
        status: figureStatusLabel[l.status],
        sources: l.sources.map((s) => ({
          citation: s.citation,
          url: s.url,
          urlIsLink: isWebUrl(s.url),
          note: s.note,
        })),
      })),
    },
  };
}

/** Builds the view of one alert: one watch, the estimates of one report that matched it (non-empty). */
export function alertView(
  watch: Watch,
  matched: readonly GrantExposureEstimatedV1[],
  baseUrl: string,
): AlertView {
  const first = matched[0];
  if (!first) throw new Error(`alertView: watch ${watch.id} has no matched jurisdiction; nothing to send`);
  const report = first.classification.report;
  const jurisdictions = matched.map(jurisdictionView);
  const period = formatPeriod(report.period);
  return {
    subject: alertSubject(
      jurisdictions.map((j) => j.displayName),
      period,
    ),
    watchName: displayName(watch.jurisdiction),
    includeChildren: watch.includeChildren,
    period,
    reportId: report.reportId,
    sourceUrl: report.sourceUrl,
    sourceUrlIsLink: isWebUrl(report.sourceUrl),
    jurisdictionCount: jurisdictions.length,
    jurisdictions,
    unresolvedInReport: first.classification.unresolvedInReport,
    unsubscribeUrl: unsubscribeUrl(baseUrl, watch),
  };
}

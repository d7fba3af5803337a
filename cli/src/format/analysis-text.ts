import type { Exposure, ExposureLine, PolicyCategory } from '@detainer-watch/contracts';
import { formatCents } from '@detainer-watch/grant-exposure';
import type { AnalyzedJurisdiction, ExtractAnalysis } from '@detainer-watch/report-analysis';
import { reportHeader, warningsText } from './extract-text';
import { count, plural, textTable } from './table';

const CATEGORY_LABEL: Record<PolicyCategory, string> = {
  declines_all_detainers: 'declines all detainers',
  honors_only_with_judicial_warrant: 'judicial warrant required',
  honors_only_serious_or_violent_crimes: 'serious or violent crimes only',
  limits_release_notification: 'limits release notification',
  limits_information_sharing: 'limits information sharing',
  no_immigration_status_inquiry: 'no immigration-status questions',
  limits_ice_jail_access: 'limits ICE access to jail',
  honors_only_with_reimbursement: 'reimbursement required',
};

const BASIS_LABEL: Record<ExposureLine['basis'], string> = {
  direct: 'award in that year',
  clawback: 'clawback scenario: earlier award',
  state_passthrough: 'share passed to localities (part of the state award, not added again)',
};

const years = (ys: readonly number[]): string => {
  if (ys.length === 0) return 'none';
  const sorted = [...ys].sort((a, b) => a - b);
  const contiguous = sorted.every((y, i) => i === 0 || y === sorted[i - 1] + 1);
  return contiguous && sorted.length > 2
    ? `FY${sorted[0]}–FY${sorted[sorted.length - 1]}`
    : sorted.map((y) => `FY${y}`).join(', ');
};

export function totalText(exposure: Exposure): string {
  if (exposure.totalCents === null) return 'unknown';
  const note = exposure.totalStatus === 'exact' ? 'exact' : 'partial: some lines rounded or unknown';
  return `${formatCents(exposure.totalCents)} (${note})`;
}

const place = (j: AnalyzedJurisdiction): string =>
  `${j.name}, ${j.state} (${j.type}${j.fips ? ` ${j.fips}` : ''}, ${j.id})`;

function exposureBlock(j: AnalyzedJurisdiction): string {
  const known = j.exposure.lines.filter((l) => l.amountCents !== null);
  const unknown = j.exposure.lines.length - known.length;
  const lines = known.map((l) => {
    const sources = l.sources.map((s) => `${s.citation}${s.url ? ` <${s.url}>` : ''}`).join('; ');
    return (
      `    ${l.program} FY${l.fiscalYear}  ${formatCents(l.amountCents!)}  ${l.status}  ${BASIS_LABEL[l.basis]}\n` +
      `      source: ${sources}\n` +
      l.sources
        .filter((s) => s.note)
        .map((s) => `      printed: ${s.note}\n`)
        .join('')
    );
  });
  return (
    `  ${place(j)}\n` +
    `    estimated total at risk: ${totalText(j.exposure)}\n` +
    lines.join('') +
    (unknown > 0 ? `    ${plural(unknown, 'other line')} unknown (no figure in the ledger; not $0)\n` : '')
  );
}

/** `detainer-watch analyze` without --json: what the report says per jurisdiction, and estimated money at risk. */
export function analysisText(analysis: ExtractAnalysis, file: string): string {
  const { report, jurisdictions, unresolvedDetail } = analysis;
  const counted = jurisdictions.reduce((s, j) => s + j.declinedCount, 0);
  const clawbackYears = [
    ...new Set(
      jurisdictions.flatMap((j) =>
        j.exposure.lines.filter((l) => l.basis === 'clawback').map((l) => l.fiscalYear),
      ),
    ),
  ];
  const out: string[] = [reportHeader(report, file)];
  out.push(
    `Jurisdictions named in the report: ${count(jurisdictions.length)} resolved, ${count(unresolvedDetail.length)} ${
      unresolvedDetail.length === 1 ? 'name' : 'names'
    } unresolved\n`,
    `Section II rows: ${count(report.declined.length)}; ${count(counted)} counted for a resolved jurisdiction (the one ` +
      `the county column names), ${count(report.declined.length - counted)} under unresolved names\n`,
    '\n',
    textTable(
      [
        { header: 'State' },
        { header: 'Jurisdiction' },
        { header: 'Type' },
        { header: 'Conf.', align: 'right' },
        { header: 'Declined (II)', align: 'right' },
        { header: 'Issued (I)', align: 'right' },
        { header: 'Policy categories (III)' },
        { header: 'Est. at risk' },
      ],
      jurisdictions.map((j) => [
        j.state,
        j.name,
        j.type,
        j.confidence.toFixed(2),
        count(j.declinedCount),
        j.highestVolumeCount === null ? '-' : count(j.highestVolumeCount),
        j.categories.map((c) => CATEGORY_LABEL[c.category]).join('; ') || '-',
        totalText(j.exposure),
      ]),
    ),
    '  Conf.: resolver confidence, lowest of the names attributed; below 0.90 deserves a human look.\n',
    '  Issued (I): Section I detainers issued; "-" = not listed in Section I.\n',
    '\n',
  );

  const withFigures = jurisdictions.filter((j) => j.exposure.totalCents !== null);
  out.push(
    `Grant money at risk: ESTIMATES, not amounts withheld\n`,
    `  programs ${analysis.programs.join(', ')}; fiscal years ${years(analysis.fiscalYears)}` +
      (clawbackYears.length > 0 ? `, plus a clawback scenario over ${years(clawbackYears)}` : '') +
      '\n',
    '  Per jurisdiction, program and year: the awards the ledger attributes to it (one figure per award, its source\n' +
      "  cited); clawback lines assume earlier awards are not yet spent. --json carries each estimate's method.\n",
    `  ${count(withFigures.length)} of ${count(jurisdictions.length)} jurisdictions have a figure in the ledger; ` +
      `for the others every line is unknown (no figure), which is not $0.\n`,
    ...withFigures.map(exposureBlock),
    '\n',
  );

  if (unresolvedDetail.length === 0) out.push('Unresolved names: none\n');
  else {
    out.push(
      `Unresolved names (${count(unresolvedDetail.length)}): their rows count for no jurisdiction above\n`,
    );
    for (const u of unresolvedDetail) {
      const rows = `Section ${u.section} ${u.rows.length === 1 ? 'row' : 'rows'} ${u.rows.join(', ')}`;
      const printed =
        u.section === 'II'
          ? `"${u.raw}" / "${u.facility ?? ''}" (${u.state})`
          : `"${u.raw || '(empty cell)'}"`;
      out.push(`  ${printed}, ${rows}\n    why: ${u.reason}\n`);
      out.push(
        u.candidates.length === 0
          ? '    candidates: none\n'
          : `    candidates: ${u.candidates
              .slice(0, 5)
              .map((c) => `${c.name}, ${c.state} (${c.id}, ${c.confidence.toFixed(2)})`)
              .join(
                '; ',
              )}${u.candidates.length > 5 ? `; and ${u.candidates.length - 5} more (--json)` : ''}\n`,
      );
    }
  }
  out.push('\n', warningsText(report));
  return out.join('');
}

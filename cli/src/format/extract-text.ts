import type { ReportExtract } from '@detainer-watch/contracts';
import { count, plural, textTable } from './table';

const orDash = (v: string | null): string => v ?? '-';

/** The report's header facts, shared by `extract` and `analyze`. */
export function reportHeader(extract: ReportExtract, file: string): string {
  const period =
    extract.periodStart || extract.periodEnd
      ? `${orDash(extract.periodStart)} to ${orDash(extract.periodEnd)}`
      : 'not printed in the report';
  return [
    `${extract.title ?? '(no report title found)'}`,
    `  file:       ${file}`,
    `  report id:  ${extract.reportId} (sha256 of the PDF)`,
    `  period:     ${period}`,
    `  pages:      ${count(extract.pageCount)}`,
    `  detainers issued nationally (Section I sentence): ${
      extract.detainersIssued === null ? 'not printed' : count(extract.detainersIssued)
    }`,
    `  rows: Section I ${count(extract.highestVolume.length)}, Section II ${count(extract.declined.length)}, ` +
      `Section III ${count(extract.policies.length)}; ${plural(extract.warnings.length, 'extraction warning')}`,
    '',
    '',
  ].join('\n');
}

export function warningsText(extract: ReportExtract): string {
  if (extract.warnings.length === 0) return 'Extraction warnings: none\n';
  return (
    `Extraction warnings (${count(extract.warnings.length)}): what the extractor could not reconcile; no row was dropped\n` +
    extract.warnings
      .map((w) => {
        const where = [w.section ? `Section ${w.section}` : null, w.page ? `page ${w.page}` : null]
          .filter(Boolean)
          .join(', ');
        return `  [${w.code}]${where ? ` ${where}:` : ''} ${w.message}\n`;
      })
      .join('')
  );
}

/** `detainer-watch extract` without --json or --csv: every row of every section, as printed. */
export function extractText(extract: ReportExtract, file: string): string {
  const parts = [reportHeader(extract, file)];
  parts.push(
    `Section I: jurisdictions with the highest volume of detainers issued (${plural(extract.highestVolume.length, 'row')})\n`,
    textTable(
      [
        { header: '#', align: 'right' },
        { header: 'Jurisdiction' },
        { header: 'State' },
        { header: 'Detainers issued', align: 'right' },
        { header: 'Page', align: 'right' },
      ],
      extract.highestVolume.map((r, i) => [
        String(i),
        r.jurisdiction,
        r.state,
        r.detainersIssued === null ? 'unreadable (see warnings)' : count(r.detainersIssued),
        String(r.page),
      ]),
    ),
    '\n',
    `Section II: recorded declined detainers (${plural(extract.declined.length, 'row')}; charges: --csv declined or --json)\n`,
    textTable(
      [
        { header: '#', align: 'right' },
        { header: 'State' },
        { header: 'County' },
        { header: 'Facility' },
        { header: 'Citizenship' },
        { header: 'Issued' },
        { header: 'Declined' },
        { header: 'Page', align: 'right' },
      ],
      extract.declined.map((r, i) => [
        String(i),
        r.state,
        r.county,
        r.facility,
        r.citizenship,
        orDash(r.detainerIssued),
        orDash(r.detainerDeclined),
        String(r.page),
      ]),
    ),
    '\n',
    `Section III: jurisdictions with policies that limit cooperation (${plural(extract.policies.length, 'row')}; policy text: --csv policies or --json)\n`,
    textTable(
      [
        { header: '#', align: 'right' },
        { header: 'Jurisdiction' },
        { header: 'AOR' },
        { header: 'Enacted' },
        { header: 'Criteria', align: 'right' },
        { header: 'Page', align: 'right' },
      ],
      extract.policies.map((r, i) => [
        String(i),
        r.jurisdiction || '(empty cell)',
        orDash(r.aor),
        orDash(r.dateEnacted),
        String(r.criteria.length),
        String(r.page),
      ]),
    ),
    '\n',
    warningsText(extract),
  );
  return parts.join('');
}

import type { ReportExtract } from '@detainer-watch/contracts';

export const CSV_SECTIONS = ['highest-volume', 'declined', 'policies'] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; lines end in CRLF. */
function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (values: readonly (string | number | null)[]): string => values.map(field).join(',') + '\r\n';

/**
 * One section of an extract as CSV, every cell as printed, with a 0-based `row` column (the rowIndex events use).
 * An empty or unparseable date is an empty cell; Section III criteria are one cell, one bullet per line.
 */
export function sectionCsv(extract: ReportExtract, section: CsvSection): string {
  switch (section) {
    case 'highest-volume':
      return (
        line(['row', 'jurisdiction', 'state', 'detainers_issued', 'page']) +
        extract.highestVolume
          .map((r, i) => line([i, r.jurisdiction, r.state, r.detainersIssued, r.page]))
          .join('')
      );
    case 'declined':
      return (
        line([
          'row',
          'state',
          'county',
          'facility',
          'citizenship',
          'notable_criminal_activity',
          'detainer_issued',
          'detainer_declined',
          'page',
        ]) +
        extract.declined
          .map((r, i) =>
            line([
              i,
              r.state,
              r.county,
              r.facility,
              r.citizenship,
              r.notableCriminalActivity,
              r.detainerIssued,
              r.detainerDeclined,
              r.page,
            ]),
          )
          .join('')
      );
    case 'policies':
      return (
        line(['row', 'jurisdiction', 'aor', 'date_enacted', 'policy', 'criteria', 'page']) +
        extract.policies
          .map((r, i) =>
            line([i, r.jurisdiction, r.aor, r.dateEnacted, r.policy, r.criteria.join('\n'), r.page]),
          )
          .join('')
      );
  }
}

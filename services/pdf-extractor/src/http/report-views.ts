import type { ReportExtract } from '@detainer-watch/contracts';
import type { ReportSummary } from '../reports/reports.repository';
import type { Section } from './report-query';

/** The public shape of a report's summary (GET /reports/:id and the items of GET /reports). */
export function summaryView(r: ReportSummary) {
  return {
    reportId: r.reportId,
    status: r.status,
    rejection: r.status === 'rejected' ? { reason: r.reason, message: r.message } : null,
    title: r.title,
    period: { start: r.periodStart, end: r.periodEnd },
    pageCount: r.pageCount,
    detainersIssued: r.detainersIssued,
    rowCounts: {
      I: r.highestVolumeCount,
      II: r.declinedCount,
      III: r.policyCount,
    },
    warnings: r.warnings,
    source: { id: r.sourceId, kind: r.sourceKind, url: r.sourceUrl },
    sizeBytes: r.sizeBytes,
    supersedes: r.supersedes,
    fetchedAt: r.fetchedAt.toISOString(),
    extractedAt: r.extractedAt.toISOString(),
  };
}

type Cell = string | number | null;

/** The rows of one section, numbered from 0 in printed order (the rowIndex of detainer.declined for Section II). */
export function sectionRows(extract: ReportExtract, section: Section): Record<string, unknown>[] {
  const rows: object[] =
    section === 'I' ? extract.highestVolume : section === 'II' ? extract.declined : extract.policies;
  return rows.map((row, rowIndex) => ({ rowIndex, ...row }));
}

const COLUMNS: Record<Section, string[]> = {
  I: ['rowIndex', 'jurisdiction', 'state', 'detainersIssued', 'page'],
  II: [
    'rowIndex',
    'state',
    'county',
    'facility',
    'citizenship',
    'notableCriminalActivity',
    'detainerIssued',
    'detainerDeclined',
    'page',
  ],
  III: ['rowIndex', 'jurisdiction', 'aor', 'dateEnacted', 'policy', 'criteria', 'page'],
};

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  // Section III criteria: one bullet per line inside the quoted cell.
  if (Array.isArray(value)) return value.join('\n');
  return value as string | number;
}

const CSV_QUOTE = /[",\r\n]/;

/** RFC 4180: quote a cell holding a comma, quote or line break; an unknown (null) is an empty cell, never 0. */
function csvCell(c: Cell): string {
  if (c === null) return '';
  const s = String(c);
  return CSV_QUOTE.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function rowsCsv(extract: ReportExtract, section: Section): string {
  const columns = COLUMNS[section];
  const lines = [
    columns.join(','),
    ...sectionRows(extract, section).map((row) => columns.map((c) => csvCell(cellOf(row[c]))).join(',')),
  ];
  return lines.join('\r\n') + '\r\n';
}

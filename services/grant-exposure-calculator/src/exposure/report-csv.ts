import type { StoredEstimate } from './exposure-estimate.repository';

/** Cents as an exact dollar figure for spreadsheets ("-1234.05"); no thousands separators, nothing rounded. */
export function centsToDollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const REPORT_CSV_COLUMNS = [
  'rank',
  'jurisdiction_id',
  'name',
  'type',
  'state',
  'fips',
  'declined_count',
  'policy_listed',
  'programs',
  'fiscal_years',
  'amount_at_risk_cents',
  'amount_at_risk_dollars',
  'total_status',
  'lines_exact',
  'lines_rounded',
  'lines_unknown',
  'estimate',
  'method',
] as const;

/**
 * A report's estimates as CSV, in the order given (largest amount at risk first, unknown last). An unknown total has
 * empty amount cells and the status "unknown", never 0; every row says it is an estimate and how it was made.
 */
export function estimatesToCsv(estimates: readonly StoredEstimate[]): string {
  const lines = [REPORT_CSV_COLUMNS.join(',')];
  estimates.forEach((e, i) => {
    const additive = e.exposure.lines.filter((l) => l.basis !== 'state_passthrough');
    const count = (status: string) => additive.filter((l) => l.status === status).length;
    const total = e.exposure.totalCents;
    lines.push(
      [
        i + 1,
        e.entity.id,
        e.entity.name,
        e.entity.type,
        e.entity.state,
        e.entity.fips,
        e.declinedCount,
        e.policyListed,
        e.exposure.programs.join(' '),
        e.exposure.fiscalYears.join(' '),
        total,
        total === null ? null : centsToDollars(total),
        e.exposure.totalStatus,
        count('exact'),
        count('rounded'),
        count('unknown'),
        'estimate of money at risk, not an amount withheld',
        e.exposure.method,
      ]
        .map(csvCell)
        .join(','),
    );
  });
  return lines.join('\r\n') + '\r\n';
}

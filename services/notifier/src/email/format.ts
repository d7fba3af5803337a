import type {
  FigureStatus,
  JurisdictionClassification,
  PolicyCategory,
  TotalStatus,
} from '@detainer-watch/contracts';

/**
 * Integer cents as dollars, every digit kept: 174503700 -> "$1,745,037.00". Goes through BigInt so no amount is ever
 * touched by floating point. Throws on a non-integer: cents that are not whole mean a bug upstream, not a figure.
 */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`formatCents: ${cents} is not a whole number of cents`);
  const negative = cents < 0;
  const abs = BigInt(Math.abs(cents));
  const dollars = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}$${dollars}.${rest}`;
}

/** A figure that may be unknown: null is "unknown", never "$0.00". */
export const formatAmount = (cents: number | null): string =>
  cents === null ? 'unknown' : formatCents(cents);

export const figureStatusLabel: Record<FigureStatus, string> = {
  exact: 'exact figure from the source',
  rounded: 'the source printed a rounded figure',
  unknown: 'unknown: no figure in the sources',
};

export const totalStatusLabel: Record<TotalStatus, string> = {
  exact: 'exact: every line has an exact source figure',
  partial: 'partial: some lines are rounded or unknown, so the true total may differ',
  unknown: 'unknown: no line has a figure',
};

export const basisLabel = {
  direct: 'direct award',
  state_passthrough: 'state award passed through to localities',
  clawback: 'already paid, could be recovered',
} as const;

/** Wording follows the report's own terms; no category implies a judgement of the policy. */
export const policyCategoryLabel: Record<PolicyCategory, string> = {
  declines_all_detainers: 'Declines all detainers',
  honors_only_with_judicial_warrant: 'Honors detainers only with a judicial warrant or order',
  honors_only_serious_or_violent_crimes: 'Honors detainers only for serious or violent offenses',
  limits_release_notification: 'Limits notification to ICE of release dates',
  limits_information_sharing: 'Limits information sharing with ICE',
  no_immigration_status_inquiry: 'Does not ask about immigration status',
  limits_ice_jail_access: 'Limits ICE access to jails',
  honors_only_with_reimbursement: 'Honors detainers only with reimbursement',
};

// The calendar's month names, from the runtime's locale data rather than a typed list.
const MONTH = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' });
const monthName = (month: number): string => MONTH.format(Date.UTC(2000, month - 1, 1));

/** "2017-01-28" -> "January 28, 2017"; the string is returned as is when it is not an ISO date. */
export function formatDate(iso: string | null): string {
  if (iso === null) return 'not stated';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${monthName(Number(m[2]))} ${Number(m[3])}, ${m[1]}`;
}

/** The report period as printed in its title, or says that the report does not state it. */
export function formatPeriod(period: JurisdictionClassification['report']['period']): string {
  const { start, end } = period;
  if (start && end) return start === end ? formatDate(start) : `${formatDate(start)} to ${formatDate(end)}`;
  if (start) return `from ${formatDate(start)}`;
  if (end) return `through ${formatDate(end)}`;
  return 'period not stated in the report';
}

export { headerSafe } from '../text/header-safety';

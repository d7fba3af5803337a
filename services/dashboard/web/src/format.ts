import type { AtRisk } from './api';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const num = new Intl.NumberFormat('en-US');

/** Cents to dollars; null is "unknown", never $0. */
export function money(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? 'unknown' : usd.format(cents / 100);
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? 'unknown' : num.format(n);
}

export function atRiskText(r: AtRisk | null | undefined): string {
  if (!r) return 'no estimate';
  if (r.cents === null) return 'unknown';
  return r.status === 'exact' ? money(r.cents) : `at least ${money(r.cents)}`;
}

export function period(p: { start: string | null; end: string | null }): string {
  if (!p.start && !p.end) return 'period not printed';
  return `${p.start ?? '?'} – ${p.end ?? '?'}`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

export const shortId = (id: string) => id.slice(0, 12);

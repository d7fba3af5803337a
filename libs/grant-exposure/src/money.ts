/**
 * Dollars as printed ("1,234.5", "$975,604", "-12.00", "(1,000.00)") to integer cents, without floating point. A figure
 * with more than two decimals is refused rather than rounded.
 */
export function parseDollarsToCents(text: string): { cents: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'amount is empty' };
  let body = trimmed.replace(/[$,\s]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(body)) {
    negative = true;
    body = body.slice(1, -1);
  }
  if (body.startsWith('-')) {
    negative = !negative;
    body = body.slice(1);
  }
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(body);
  if (!match) {
    return /^\d+\.\d{3,}$/.test(body)
      ? { error: `amount "${trimmed}" has more than two decimals; it would have to be rounded` }
      : { error: `amount "${trimmed}" is not a dollar figure` };
  }
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return { error: `amount "${trimmed}" is too large` };
  return { cents: negative ? -cents : cents };
}

/** Cents to a dollar string for messages and notes ("$1,234.50"). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  const rest = abs % 100;
  return `${sign}$${dollars}${rest ? '.' + String(rest).padStart(2, '0') : ''}`;
}

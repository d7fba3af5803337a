import { formatAmount, formatCents, formatPeriod, headerSafe } from './format';

describe('formatCents', () => {
  it.each([
    [174503700, '$1,745,037.00'],
    [174503799, '$1,745,037.99'],
    [5, '$0.05'],
    [0, '$0.00'],
    [100, '$1.00'],
    [99999999999999, '$999,999,999,999.99'],
    [Number.MAX_SAFE_INTEGER, '$90,071,992,547,409.91'],
    [-2500, '-$25.00'],
  ])('%d cents -> %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it('refuses a fraction of a cent', () => {
    expect(() => formatCents(10.5)).toThrow(/not a whole number of cents/);
  });

  it('prints unknown, never $0, for a missing figure', () => {
    expect(formatAmount(null)).toBe('unknown');
    expect(formatAmount(0)).toBe('$0.00');
  });
});

describe('formatPeriod', () => {
  it('prints the period as the report states it', () => {
    expect(formatPeriod({ start: '2017-01-28', end: '2017-02-03' })).toBe(
      'January 28, 2017 to February 3, 2017',
    );
    expect(formatPeriod({ start: null, end: '2017-02-03' })).toBe('through February 3, 2017');
    expect(formatPeriod({ start: null, end: null })).toBe('period not stated in the report');
  });
});

describe('headerSafe', () => {
  it('flattens CR/LF and other control characters into one line and caps the length', () => {
    expect(headerSafe('East Haven\r\nBcc: victim@example.com\u2028x\ty')).toBe(
      'East Haven Bcc: victim@example.com x y',
    );
    const long = headerSafe('x'.repeat(500), 50);
    expect(long).toHaveLength(50);
    expect(long.endsWith('…')).toBe(true);
  });
});

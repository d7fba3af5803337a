import { formatCents, parseDollarsToCents } from './money';

describe('parseDollarsToCents', () => {
  it.each([
    ['975604', 97560400],
    ['$1,745,037', 174503700],
    ['30413.30', 3041330],
    ['30413.3', 3041330],
    ['-1000.00', -100000],
    ['(1,000.50)', -100050],
    [' 0.07 ', 7],
  ])('reads %s as %d cents', (text, cents) => {
    expect(parseDollarsToCents(text)).toEqual({ cents });
  });

  it('refuses figures it would have to round or guess', () => {
    expect(parseDollarsToCents('10.005')).toEqual({
      error: 'amount "10.005" has more than two decimals; it would have to be rounded',
    });
    expect(parseDollarsToCents('$2.6 million')).toEqual({
      error: 'amount "$2.6 million" is not a dollar figure',
    });
    expect(parseDollarsToCents('')).toEqual({ error: 'amount is empty' });
    expect(parseDollarsToCents('99999999999999999')).toEqual({
      error: 'amount "99999999999999999" is too large',
    });
  });

  it('formats cents back to dollars for notes', () => {
    expect(formatCents(21001200)).toBe('$210,012');
    expect(formatCents(-3041330)).toBe('-$30,413.30');
  });
});

import { CliError } from '../errors';
import { pairWatches } from './start.command';

describe('pairWatches', () => {
  it('pairs --watch and --email by position', () => {
    expect(pairWatches(['Hartford, CT', 'Travis County, TX'], ['a@example.org', 'b@example.org'])).toEqual([
      { jurisdiction: 'Hartford, CT', email: 'a@example.org' },
      { jurisdiction: 'Travis County, TX', email: 'b@example.org' },
    ]);
  });

  it('uses one --email for every --watch', () => {
    expect(pairWatches(['Hartford, CT', 'Connecticut'], ['a@example.org']).map((w) => w.email)).toEqual([
      'a@example.org',
      'a@example.org',
    ]);
  });

  it('refuses a --watch without --email, an --email without --watch, and mismatched counts', () => {
    expect(() => pairWatches(['Hartford, CT'], [])).toThrow(
      new CliError('--watch needs an --email to send the alerts to'),
    );
    expect(() => pairWatches([], ['a@example.org'])).toThrow(/--email is given without a --watch/);
    expect(() => pairWatches(['A', 'B', 'C'], ['a@example.org', 'b@example.org'])).toThrow(
      /got 3 --watch and 2 --email/,
    );
    expect(pairWatches([], [])).toEqual([]);
  });
});

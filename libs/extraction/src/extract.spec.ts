import { line } from './test/synthetic';
import { extractFromLines, ExtractionRejected } from './index';

const reportId = 'a'.repeat(64);

describe('extractFromLines', () => {
  const lines = [
    line(1, 40, [[200, 'Weekly Declined Detainer Outcome Report']]),
    line(1, 60, [[200, 'For Recorded Declined Detainers Jan. 28 \u2013 Feb. 3, 2017']]),
    line(2, 40, [[50, 'Section II: Jurisdictions with Recorded Declined Detainers']]),
    line(2, 60, [
      [50, 'State'],
      [100, 'County'],
      [170, 'Facility'],
      [300, 'Citizenship'],
      [380, 'Notable Criminal Activity'],
      [560, 'Detainer Issued'],
      [650, 'Detainer Declined'],
    ]),
    line(2, 90, [
      [50, 'Atlantis'],
      [100, 'Travis'],
      [170, 'Travis County Jail'],
      [300, 'Mexico'],
      [380, 'Theft'],
      [560, '2/30/2016'],
      [650, '2/1/2017'],
    ]),
    line(2, 110, [
      [50, 'TX'],
      [100, 'Travis'],
      [170, 'Travis County Jail'],
      [300, 'Mexico'],
      [380, 'DWI'],
      [650, '2/1/2017'],
    ]),
  ];

  it('returns every row, with warnings for missing sections, unknown states and bad or missing dates', () => {
    const extract = extractFromLines(lines, { reportId, pageCount: 2 });
    expect(extract.periodStart).toBe('2017-01-28');
    expect(extract.periodEnd).toBe('2017-02-03');
    expect(extract.declined.map((r) => [r.state, r.detainerIssued, r.detainerDeclined])).toEqual([
      ['XX', null, '2017-02-01'],
      ['TX', null, '2017-02-01'],
    ]);
    expect(extract.warnings.map((w) => [w.code, w.section])).toEqual([
      ['SECTION_MISSING', 'I'],
      ['SECTION_MISSING', 'III'],
      ['SECTION_MISSING', 'IV'],
      ['UNKNOWN_STATE', 'II'],
      ['UNPARSEABLE_DATE', 'II'],
      ['MISSING_CELL', 'II'],
    ]);
    expect(extract.warnings[3].message).toMatch(/"Atlantis"/);
  });

  it('rejects text with no DDOR title or heading as not_a_ddor', () => {
    expect(() =>
      extractFromLines([line(1, 40, [[50, 'Quarterly budget review']])], { reportId, pageCount: 1 }),
    ).toThrow(ExtractionRejected);
  });

  it('rejects a page with the report title but no section heading, rather than reporting zero rows', () => {
    const titleOnly = [line(1, 40, [[50, 'Declined Detainer Outcome Report']])];
    expect(() => extractFromLines(titleOnly, { reportId, pageCount: 1 })).toThrow(
      expect.objectContaining({
        reason: 'not_a_ddor',
        message: expect.stringMatching(
          /^a Declined Detainer Outcome Report title but none of its section headings/,
        ),
      }),
    );
  });
});

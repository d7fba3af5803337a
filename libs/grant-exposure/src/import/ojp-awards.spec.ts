import { InMemoryLedger } from '../ledger/ledger-sink';
import { importOjpAwardsCsv, programOfOjpAward } from './ojp-awards';
import { openFixture } from '../../test/fixtures';
import { testResolver } from '../../test/test-resolver';

describe('importOjpAwardsCsv', () => {
  const file = 'ojp-awards.csv';

  it('imports JAG and SCAAP awards, skips other programs and Recovery Act JAG, and reports bad rows', async () => {
    const sink = new InMemoryLedger();
    const result = await importOjpAwardsCsv(openFixture(file), {
      source: file,
      sink,
      resolveRecipient: testResolver,
    });

    expect(result).toMatchObject({ format: 'ojp_awards', records: 9, rows: 4, inserted: 4, errorCount: 3 });
    expect(result.errors).toEqual([
      { at: `${file}:7`, line: 7, message: 'award_amount: amount "n/a" is not a dollar figure' },
      {
        at: `${file}:8`,
        line: 8,
        message:
          'fiscal_year "sixteen" is not a four-digit year; state "Connecticut" is not a two-letter state code',
      },
      { at: `${file}:9`, line: 9, message: 'award_number is empty' },
    ]);
    expect(result.skipped).toEqual([
      { reason: 'Recovery Act JAG (CFDA 16.803), not Byrne JAG 16.738', count: 1, firstLine: 5 },
      { reason: 'award is not JAG, SCAAP or COPS', count: 1, firstLine: 6 },
    ]);
    expect(result.unresolved).toEqual([
      { recipient: 'Town of East Haven', state: 'CT', recipientType: 'town', rows: 1, firstLine: 10 },
    ]);
    const rows = sink.rows();
    expect(
      rows.map((r) => [r.awardId, r.program, r.fiscalYear, r.amountCents, r.recipientType, r.jurisdictionId]),
    ).toEqual([
      ['2016-DJ-BX-9001', 'JAG', 2016, 15000100, 'city', 'place:0937000'],
      ['2016-DJ-BX-9002', 'JAG', 2016, 170000200, 'state', 'state:09'],
      ['2016-AP-BX-9003', 'SCAAP', 2016, 40000300, 'state', 'state:09'],
      ['2016-DJ-BX-9009', 'JAG', 2016, 2000900, 'town', null],
    ]);
    expect(rows.every((r) => r.measure === 'award' && r.amountStatus === 'exact')).toBe(true);
    expect(rows[2].source).toMatchObject({
      kind: 'ojp_awards',
      file,
      line: 4,
      note: 'award 2016-AP-BX-9003; BJA; FY 2016 State Criminal Alien Assistance Program (SCAAP)',
    });
  });

  it('adds nothing when the same awards are imported again', async () => {
    const sink = new InMemoryLedger();
    const options = { source: file, sink, resolveRecipient: testResolver };
    await importOjpAwardsCsv(openFixture(file), options);
    expect(await importOjpAwardsCsv(openFixture(file), options)).toMatchObject({
      inserted: 0,
      alreadyPresent: 4,
    });
  });

  it('tells programs apart by solicitation, else by the award number', () => {
    expect(programOfOjpAward('', '2016-DJ-BX-0047')).toBe('JAG');
    expect(programOfOjpAward('', '15PBJA-23-GG-02969-JAGX')).toBe('JAG');
    expect(programOfOjpAward('', '2016-AP-BX-0581')).toBe('SCAAP');
    expect(programOfOjpAward('', '2016UMWX0123')).toBe('COPS');
    expect(programOfOjpAward('', '2009-SB-B9-1792')).toBe('recovery_jag');
    expect(programOfOjpAward('FY 2016 VOCA Victim Assistance', '2016-VA-GX-0001')).toBeNull();
  });
});

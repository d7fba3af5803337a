import { Readable } from 'node:stream';
import { InMemoryLedger } from '../ledger/ledger-sink';
import { LedgerRow } from '../ledger/ledger-row';
import { importUsaspendingCsv } from './usaspending';
import { ImportFormatError } from './import-runner';
import { openFixture } from '../../test/fixtures';
import { testResolver } from '../../test/test-resolver';

const options = (sink: InMemoryLedger, source: string) => ({ source, sink, resolveRecipient: testResolver });

describe('importUsaspendingCsv: prime transactions', () => {
  const file = 'usaspending-transactions.csv';

  it('imports JAG, SCAAP and COPS transactions with exact cents and reports every bad row with file:line', async () => {
    const sink = new InMemoryLedger();
    const result = await importUsaspendingCsv(openFixture(file), options(sink, file));

    expect(result).toMatchObject({ format: 'usaspending', records: 12, rows: 5, inserted: 5, errorCount: 5 });
    expect(result.errors).toEqual([
      {
        at: `${file}:8`,
        line: 8,
        message: 'federal_action_obligation: amount "12.34x" is not a dollar figure',
      },
      {
        at: `${file}:9`,
        line: 9,
        message:
          'recipient_state_code "" is not a two-letter state code; action_date_fiscal_year "FY16" is not a four-digit year',
      },
      { at: `${file}:10`, line: 10, message: 'expected 19 fields as in the header, found 10' },
      { at: `${file}:12`, line: 12, message: 'assistance_transaction_unique_key is empty' },
      {
        at: `${file}:13`,
        line: 13,
        message:
          'federal_action_obligation: amount "10.005" has more than two decimals; it would have to be rounded',
      },
    ]);
    expect(result.skipped).toEqual([
      { reason: 'CFDA 16.575 is not JAG, SCAAP or COPS', count: 1, firstLine: 6 },
      { reason: 'transaction marked deleted (correction_delete_indicator D)', count: 1, firstLine: 7 },
    ]);

    const rows = sink.rows().sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0));
    for (const row of rows) expect(LedgerRow.parse(row)).toEqual(row);
    expect(
      rows.map((r) => [r.source.line, r.program, r.cfda, r.fiscalYear, r.amountCents, r.jurisdictionId]),
    ).toEqual([
      [2, 'JAG', '16.738', 2016, 12345678, 'place:0937000'],
      [3, 'JAG', '16.738', 2017, -100000, 'place:0937000'],
      [4, 'SCAAP', '16.606', 2016, 250000000, 'state:09'],
      [5, 'COPS', '16.710', 2016, 37500000, 'place:0937000'],
      [11, 'JAG', '16.738', 2016, 4500000, null],
    ]);
    expect(rows[2]).toMatchObject({
      recipient: 'STATE OF CONNECTICUT',
      recipientType: 'state',
      state: 'CT',
      measure: 'obligation',
      amountStatus: 'exact',
      awardId: 'TEST0003',
      source: {
        kind: 'usaspending',
        file,
        line: 4,
        note: 'federal_action_obligation of transaction TEST_TX_0003',
      },
    });
  });

  it('lists recipients the resolver cannot match and still imports their rows', async () => {
    const sink = new InMemoryLedger();
    const result = await importUsaspendingCsv(openFixture(file), options(sink, file));
    expect(result.unresolved).toEqual([
      { recipient: 'TOWN OF EAST HAVEN', state: 'CT', recipientType: 'city', rows: 1, firstLine: 11 },
    ]);
    expect(sink.rows().filter((row) => row.jurisdictionId === null)).toHaveLength(1);
  });

  it('adds nothing when the same transactions are imported again, even from a file with another name', async () => {
    const sink = new InMemoryLedger();
    await importUsaspendingCsv(openFixture(file), options(sink, file));
    const again = await importUsaspendingCsv(openFixture(file), options(sink, 'renamed-download.csv'));
    expect(again).toMatchObject({ rows: 5, inserted: 0, alreadyPresent: 5 });
    expect(sink.size).toBe(5);
  });
});

describe('importUsaspendingCsv: prime award summaries', () => {
  const file = 'usaspending-award-summaries.csv';

  it('reads total_obligated_amount in the base fiscal year and refuses awards spanning several programs', async () => {
    const sink = new InMemoryLedger();
    const result = await importUsaspendingCsv(openFixture(file), options(sink, file));
    expect(result).toMatchObject({ records: 5, rows: 2, errorCount: 2 });
    expect(result.errors.map((e) => e.at)).toEqual([`${file}:4`, `${file}:6`]);
    expect(result.errors[0].message).toMatch(/^award lists several programs/);
    expect(result.errors[1].message).toBe('award_base_action_date "" is not a YYYY-MM-DD date');
    expect(sink.rows().map((r) => [r.program, r.fiscalYear, r.amountCents, r.awardId])).toEqual([
      ['JAG', 2016, 21000000, 'TEST0101'],
      ['SCAAP', 2016, 8800000, 'TEST0102'],
    ]);
  });

  it('derives the federal fiscal year from the action date when the year column is absent', async () => {
    const csv = [
      'assistance_transaction_unique_key,federal_action_obligation,action_date,recipient_name,recipient_state_code,cfda_number',
      'K1,10.00,2016-10-01,CITY OF HARTFORD,CT,16.738',
      'K2,20.00,2016-09-30,CITY OF HARTFORD,CT,16.738',
    ].join('\n');
    const sink = new InMemoryLedger();
    await importUsaspendingCsv(Readable.from([csv]), options(sink, 'inline.csv'));
    expect(sink.rows().map((r) => [r.amountCents, r.fiscalYear])).toEqual([
      [1000, 2017],
      [2000, 2016],
    ]);
  });

  it('refuses a file that is not a USAspending assistance download, naming the file', async () => {
    const sink = new InMemoryLedger();
    await expect(
      importUsaspendingCsv(Readable.from(['award,amount\nX,1\n']), options(sink, 'contracts.csv')),
    ).rejects.toThrow(
      new ImportFormatError(
        'contracts.csv: not a USAspending assistance download: no assistance_transaction_unique_key or assistance_award_unique_key column',
      ),
    );
  });
});

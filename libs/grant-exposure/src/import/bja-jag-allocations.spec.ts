import { Readable } from 'node:stream';
import { InMemoryLedger } from '../ledger/ledger-sink';
import { importBjaJagAllocationsCsv } from './bja-jag-allocations';
import { openFixture } from '../../test/fixtures';
import { testResolver } from '../../test/test-resolver';

describe('importBjaJagAllocationsCsv', () => {
  const file = 'bja-jag-allocations-ct.csv';
  const run = (sink: InMemoryLedger) =>
    importBjaJagAllocationsCsv(openFixture(file), {
      source: file,
      sink,
      resolveRecipient: testResolver,
      fiscalYear: 2016,
    });

  it('imports individual allocations, one joint allocation per disparate group and the state pass-through', async () => {
    const sink = new InMemoryLedger();
    const result = await run(sink);

    expect(result).toMatchObject({ format: 'bja_jag_allocations', records: 9, rows: 6, errorCount: 4 });
    expect(result.errors).toEqual([
      {
        at: `${file}:7`,
        line: 7,
        message: 'eligible_individual_allocation: amount "$9x,016" is not a dollar figure',
      },
      { at: `${file}:8`, line: 8, message: 'jurisdiction_name is empty' },
      { at: `${file}:9`, line: 9, message: 'row has neither an individual nor a joint allocation' },
      { at: `${file}:10`, line: 10, message: 'a variable pass-through is only given for a state' },
    ]);
    const rows = sink
      .rows()
      .map((r) => [r.source.line, r.recipient, r.scope, r.measure, r.amountCents, r.jurisdictionId]);
    expect(rows).toEqual([
      [2, 'Connecticut', 'recipient', 'allocation', 150001000, 'state:09'],
      [2, 'Connecticut', 'recipient', 'passthrough', 60001100, 'state:09'],
      [3, 'Disparate group of Hartford County (joint allocation)', 'joint', 'allocation', 21001200, null],
      [4, 'Hartford city', 'recipient', 'allocation', 18001300, 'place:0937000'],
      [5, 'New Britain city', 'recipient', 'allocation', 3001400, 'place:0950370'],
      [6, 'New Haven city', 'recipient', 'allocation', 14001500, null],
    ]);
    expect(sink.rows().every((r) => r.program === 'JAG' && r.fiscalYear === 2016)).toBe(true);
    expect(sink.rows()[3].source.note).toBe(
      'eligible individual allocation, for information only: the jurisdiction is in a disparate group sharing a joint allocation of $210,012',
    );
    // The joint allocation belongs to the group, not to the county whose row prints it: never sent to the resolver.
    expect(result.unresolved.map((u) => u.recipient)).toEqual(['New Haven city']);
  });

  it('adds nothing on a second import', async () => {
    const sink = new InMemoryLedger();
    await run(sink);
    expect(await run(sink)).toMatchObject({ inserted: 0, alreadyPresent: 6 });
  });

  it('needs the fiscal year, from a column or from the caller', async () => {
    const csv =
      'State,Jurisdiction Name,Government Type,Eligible Individual Allocation\nCT,Hartford city,Municipal,1\n';
    await expect(
      importBjaJagAllocationsCsv(Readable.from([csv]), {
        source: 'ct.csv',
        sink: new InMemoryLedger(),
        resolveRecipient: testResolver,
      }),
    ).rejects.toThrow(
      "ct.csv: the allocations table has no fiscal_year column; pass the table's fiscal year to the importer",
    );
  });
});

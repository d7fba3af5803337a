import type { LedgerRow } from '@detainer-watch/grant-exposure';
import { CoalescingLedgerReader } from './coalescing-ledger-reader';
import type { LedgerQuery } from './ledger.repository';

/** A ledger of rows for jurisdictions j0..j9, two programs and two years, read the way Postgres would answer. */
const LEDGER: LedgerRow[] = Array.from({ length: 10 }, (_, j) =>
  (['JAG', 'SCAAP'] as const).flatMap((program) =>
    [2016, 2017].map(
      (fiscalYear) =>
        ({ id: `${j}-${program}-${fiscalYear}`, jurisdictionId: `j${j}`, program, fiscalYear }) as LedgerRow,
    ),
  ),
).flat();

function fakeLedger(fail = false) {
  const queries: LedgerQuery[] = [];
  const read = async (q: LedgerQuery): Promise<LedgerRow[]> => {
    queries.push(q);
    await new Promise((r) => setTimeout(r, 1));
    if (fail) throw new Error('connection terminated');
    return LEDGER.filter(
      (r) =>
        q.jurisdictionIds.includes(r.jurisdictionId!) &&
        q.programs.includes(r.program) &&
        q.fiscalYears.includes(r.fiscalYear!),
    );
  };
  return { queries, read };
}

const ask = (ids: string[], fiscalYears = [2016, 2017]): LedgerQuery => ({
  jurisdictionIds: ids,
  programs: ['JAG', 'SCAAP'],
  fiscalYears,
});

describe('CoalescingLedgerReader', () => {
  it('answers reads asked together with one query, each with exactly the rows of its own query, in order', async () => {
    const ledger = fakeLedger();
    const reader = new CoalescingLedgerReader(ledger.read);
    const asks = [ask(['j1']), ask(['j2', 'j3']), ask(['j1']), ask(['j9'])];
    const answers = await Promise.all(asks.map((q) => reader.rowsFor(q)));
    expect(ledger.queries).toHaveLength(1);
    expect([...ledger.queries[0]!.jurisdictionIds].sort()).toEqual(['j1', 'j2', 'j3', 'j9']);
    const direct = fakeLedger();
    for (const [i, q] of asks.entries()) expect(answers[i]).toEqual(await direct.read(q));
    expect(answers[1]!.map((r) => r.id)).toEqual(
      LEDGER.filter((r) => ['j2', 'j3'].includes(r.jurisdictionId!)).map((r) => r.id),
    );
  });

  it('keeps reads for other fiscal years apart, and reads asked later in their own query', async () => {
    const ledger = fakeLedger();
    const reader = new CoalescingLedgerReader(ledger.read);
    const [a, b] = await Promise.all([
      reader.rowsFor(ask(['j1'], [2016])),
      reader.rowsFor(ask(['j1'], [2017])),
    ]);
    expect(a.map((r) => r.fiscalYear)).toEqual([2016, 2016]);
    expect(b.map((r) => r.fiscalYear)).toEqual([2017, 2017]);
    expect(ledger.queries).toHaveLength(2);
    await reader.rowsFor(ask(['j4']));
    expect(ledger.queries).toHaveLength(3);
  });

  it('splits a group that would exceed maxIds jurisdictions', async () => {
    const ledger = fakeLedger();
    const reader = new CoalescingLedgerReader(ledger.read, 3);
    const answers = await Promise.all(['j0', 'j1', 'j2', 'j3', 'j4'].map((id) => reader.rowsFor(ask([id]))));
    expect(ledger.queries.map((q) => q.jurisdictionIds.length)).toEqual([3, 2]);
    expect(answers.map((rows) => rows.length)).toEqual([4, 4, 4, 4, 4]);
  });

  it('fails every read a failed query carried', async () => {
    const reader = new CoalescingLedgerReader(fakeLedger(true).read);
    const results = await Promise.allSettled([reader.rowsFor(ask(['j1'])), reader.rowsFor(ask(['j2']))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});

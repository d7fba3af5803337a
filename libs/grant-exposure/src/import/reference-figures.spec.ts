import { createReadStream, readFileSync } from 'node:fs';
import { InMemoryLedger } from '../ledger/ledger-sink';
import { importReferenceFiguresCsv } from './reference-figures';
import { figureStatusFromNote } from './figure-status';
import { parseReferenceLedger, REFERENCE_LEDGER_PATH } from '../reference-ledger';
import { FIGURES_CSV, figuresAvailable, openFixture } from '../../test/fixtures';
import { testResolver } from '../../test/test-resolver';

describe('importReferenceFiguresCsv on a malformed file', () => {
  const file = 'reference-figures-malformed.csv';

  it('imports the good rows and names each bad one', async () => {
    const sink = new InMemoryLedger();
    const result = await importReferenceFiguresCsv(openFixture(file), {
      source: file,
      sink,
      resolveRecipient: testResolver,
    });
    expect(result).toMatchObject({ records: 9, rows: 4, errorCount: 4 });
    expect(result.errors).toEqual([
      {
        at: `${file}:7`,
        line: 7,
        message: 'recipient_type "village" is not state, county, city, town or other',
      },
      { at: `${file}:8`, line: 8, message: 'amount_usd: amount "about 3.5m" is not a dollar figure' },
      { at: `${file}:9`, line: 9, message: 'source_title is empty: every figure needs its source' },
      {
        at: `${file}:10`,
        line: 10,
        message: 'not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 10',
      },
    ]);
    expect(
      sink
        .rows()
        .map((r) => [
          r.source.line,
          r.fiscalYear,
          r.fiscalYearText,
          r.scope,
          r.amountStatus,
          r.jurisdictionId,
        ]),
    ).toEqual([
      [2, 2016, '2016', 'recipient', 'exact', 'place:0937000'],
      [3, 2016, '2016', 'recipient', 'rounded', 'state:09'],
      [4, 2016, '2016', 'aggregate', 'rounded', null],
      [5, null, '2017-2020', 'recipient', 'rounded', 'state:09'],
    ]);
  });
});

describe('figureStatusFromNote', () => {
  it('marks figures printed rounded, and only those', () => {
    expect(
      figureStatusFromNote(260000000, "Printed 'Last year Connecticut received about $2.6 million'"),
    ).toBe('rounded');
    expect(figureStatusFromNote(187500000, "Printed 'a $1.875 million federal grant'")).toBe('rounded');
    expect(figureStatusFromNote(3050000000, 'printed in $ millions, one decimal (rounded)')).toBe('rounded');
    expect(figureStatusFromNote(174503700, "Printed 'The full police grant amount, $1,745,037'")).toBe(
      'exact',
    );
    // Another outlet's rounded version of the same grant does not make this exact printing rounded.
    expect(figureStatusFromNote(93700000, "Printed '$937,000 in grants'. TMJ4: 'about $940,000'")).toBe(
      'exact',
    );
    expect(
      figureStatusFromNote(1247984300, "award $12,479,843; DeLauro release rounds to '$12 million'"),
    ).toBe('exact');
    expect(figureStatusFromNote(1486900, 'Context year')).toBe('exact');
  });
});

const onRealFigures = figuresAvailable ? describe : describe.skip;
if (!figuresAvailable) console.warn(`skipping figures.csv tests: ${FIGURES_CSV} is absent`);

onRealFigures('importReferenceFiguresCsv on shared/data/grants/figures.csv', () => {
  const load = async (sink = new InMemoryLedger()) => ({
    sink,
    result: await importReferenceFiguresCsv(createReadStream(FIGURES_CSV), {
      source: 'figures.csv',
      sink,
      resolveRecipient: testResolver,
    }),
  });

  it('reads all 157 figures without an error and keeps only JAG, SCAAP and COPS hiring', async () => {
    const { sink, result } = await load();
    expect(result).toMatchObject({ records: 157, rows: 137, inserted: 137, errorCount: 0 });
    const skipped = result.skipped.reduce((n, s) => n + s.count, 0);
    expect(skipped).toBe(20);
    expect(result.skipped.find((s) => s.reason.includes('Recovery Act'))?.count).toBe(8);
    expect(new Set(sink.rows().map((r) => r.program))).toEqual(new Set(['JAG', 'SCAAP', 'COPS']));
  });

  it('never attributes national or aggregate totals to a jurisdiction', async () => {
    const { sink } = await load();
    const aggregates = sink.rows().filter((r) => r.recipientType === 'other' || r.state === 'US');
    expect(aggregates.length).toBeGreaterThan(30);
    expect(aggregates.every((r) => r.scope === 'aggregate' && r.jurisdictionId === null)).toBe(true);
  });

  it('keeps citations and the rounded/exact distinction for the Connecticut figures', async () => {
    const { sink } = await load();
    const ct2016 = sink.rows().find((r) => r.source.line === 80);
    expect(ct2016).toMatchObject({
      program: 'JAG',
      fiscalYear: 2016,
      recipient: 'State of Connecticut (OPM)',
      amountCents: 260000000,
      amountStatus: 'rounded',
      jurisdictionId: 'state:09',
      source: {
        file: 'figures.csv',
        url: 'https://www.wnpr.org/post/connecticut-police-forces-still-await-federal-grants',
        title:
          "WNPR / Connecticut Public, 'Connecticut Police Forces Still Await Federal Grants' (fall 2017)",
      },
    });
    const hartford2012 = sink.rows().find((r) => r.source.line === 100);
    expect(hartford2012).toMatchObject({
      program: 'COPS',
      cfda: '16.710',
      amountCents: 174503700,
      amountStatus: 'exact',
    });
    const withheld = sink.rows().find((r) => r.source.line === 81);
    expect(withheld).toMatchObject({ fiscalYear: null, fiscalYearText: '2017-2020', amountCents: 640000000 });
    const sanLeandro = sink.rows().find((r) => r.source.line === 136);
    expect(sanLeandro).toMatchObject({ amountCents: 3041330, amountStatus: 'exact' });
  });

  it('adds nothing when figures.csv is imported again', async () => {
    const { sink } = await load();
    const { result } = await load(sink);
    expect(result).toMatchObject({ inserted: 0, alreadyPresent: 137 });
    expect(sink.size).toBe(137);
  });

  it('matches the committed reference ledger (run scripts/generate-reference-ledger.ts when it does not)', async () => {
    const shipped = parseReferenceLedger(JSON.parse(readFileSync(REFERENCE_LEDGER_PATH, 'utf8')));
    const sink = new InMemoryLedger();
    await importReferenceFiguresCsv(createReadStream(FIGURES_CSV), {
      source: shipped.generatedFrom,
      sink,
      resolveRecipient: () => null,
    });
    const byLine = (rows: { source: { line: number | null } }[]) =>
      [...rows].sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0));
    expect(byLine(shipped.rows)).toEqual(byLine(sink.rows()));
  });
});

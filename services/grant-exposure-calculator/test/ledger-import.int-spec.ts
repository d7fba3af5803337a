import { Readable } from 'node:stream';
import { ImportFormatError, LedgerRow } from '@detainer-watch/grant-exposure';
import type { Subscription } from '@detainer-watch/messaging';
import { runImportAwards } from '../src/import-awards';
import { fixturePath, openFixture } from './support/fixtures';
import { serveClassifier, startHarness, type Harness } from './support/harness';

jest.setTimeout(60_000);

let h: Harness;
let classifier: Subscription | null = null;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await classifier?.drain();
  await h.close();
});

const count = async (where = 'true'): Promise<number> =>
  (await h.dataSource.query(`SELECT count(*)::int AS n FROM ledger_rows WHERE ${where}`))[0].n;

describe('award import into Postgres', () => {
  it('stores rows while the classifier is not reachable as pending, lists them, and resolves them once it answers', async () => {
    const run = await h.components.importAwards.execute({
      input: openFixture('usaspending-transactions.csv'),
      file: 'usaspending-transactions.csv',
      format: 'usaspending',
    });
    expect(run).toMatchObject({ status: 'succeeded', records: 12, rows: 5, inserted: 5, errorCount: 5 });
    expect(run.unresolved.every((u) => u.reason === 'classifier_unavailable')).toBe(true);
    expect(run.unresolved.map((u) => u.recipient).sort()).toEqual([
      'CITY OF HARTFORD',
      'STATE OF CONNECTICUT',
      'TOWN OF EAST HAVEN',
    ]);
    expect(await count("resolution = 'pending'")).toBe(5);
    const listed = await h.components.ledger.listUnresolved();
    expect(listed.map((u) => [u.recipient, u.resolution, u.rows])).toEqual([
      ['CITY OF HARTFORD', 'pending', 3],
      ['STATE OF CONNECTICUT', 'pending', 1],
      ['TOWN OF EAST HAVEN', 'pending', 1],
    ]);

    expect(await h.components.resolvePending.execute()).toMatchObject({
      rowsAnswered: 0,
      rowsPending: 5,
      classifierUnavailable: expect.stringMatching(/jurisdiction classifier unavailable/),
    });

    classifier = await serveClassifier(h.bus);
    expect(await h.components.resolvePending.execute()).toEqual({
      rowsAnswered: 5,
      rowsPending: 0,
      classifierUnavailable: null,
    });
    const rows: { recipient: string; jurisdiction_id: string | null; resolution: string }[] =
      await h.dataSource.query(
        'SELECT DISTINCT recipient, jurisdiction_id, resolution FROM ledger_rows ORDER BY recipient',
      );
    expect(rows).toEqual([
      { recipient: 'CITY OF HARTFORD', jurisdiction_id: 'place:0937000', resolution: 'resolved' },
      { recipient: 'STATE OF CONNECTICUT', jurisdiction_id: 'state:09', resolution: 'resolved' },
      {
        recipient: 'TOWN OF EAST HAVEN',
        jurisdiction_id: expect.stringMatching(/^cousub:09009/),
        resolution: 'resolved',
      },
    ]);
  });

  it('keeps every field of a row, with exact cents and its source, and lists row errors with file:line', async () => {
    const [row] = await h.dataSource.query(`SELECT id FROM ledger_rows WHERE source_line = 4`);
    const stored = await h.components.ledger.findById(row.id.trim());
    expect(stored).not.toBeNull();
    const { resolution, importRunId, createdAt, citation, ...ledgerRow } = stored!;
    expect(LedgerRow.parse(ledgerRow)).toEqual(ledgerRow);
    expect(ledgerRow).toMatchObject({
      program: 'SCAAP',
      amountCents: 250000000,
      amountStatus: 'exact',
      measure: 'obligation',
      jurisdictionId: 'state:09',
      source: { kind: 'usaspending', file: 'usaspending-transactions.csv', line: 4 },
    });
    expect({ resolution, importRunId: typeof importRunId, createdAt: typeof createdAt }).toEqual({
      resolution: 'resolved',
      importRunId: 'number',
      createdAt: 'string',
    });
    expect(citation).toBe(
      'USAspending.gov assistance prime transactions download (usaspending-transactions.csv:4)',
    );
    const [run] = await h.components.importRuns.list(1);
    expect(run.errors.map((e) => e.at)).toEqual([
      'usaspending-transactions.csv:8',
      'usaspending-transactions.csv:9',
      'usaspending-transactions.csv:10',
      'usaspending-transactions.csv:12',
      'usaspending-transactions.csv:13',
    ]);
    expect(run.skipped).toHaveLength(2);
  });

  it('adds nothing when the same records are imported again, from a file with another name', async () => {
    const before = await count();
    const run = await h.components.importAwards.execute({
      input: openFixture('usaspending-transactions.csv'),
      file: 'renamed-download.csv',
      format: 'usaspending',
    });
    expect(run).toMatchObject({ status: 'succeeded', rows: 5, inserted: 0, alreadyPresent: 5 });
    expect(await count()).toBe(before);
  });

  it('imports OJP awards, BJA JAG allocation tables (fiscal year given) and reference figures, row errors listed', async () => {
    const ojp = await h.components.importAwards.execute({
      input: openFixture('ojp-awards.csv'),
      file: 'ojp-awards.csv',
      format: 'ojp',
    });
    expect(ojp.status).toBe('succeeded');
    expect(ojp.inserted).toBeGreaterThan(0);
    expect(ojp.errorCount).toBe(ojp.errors.length);
    const bja = await h.components.importAwards.execute({
      input: openFixture('bja-jag-allocations-ct.csv'),
      file: 'bja-jag-allocations-ct.csv',
      format: 'bja-jag',
      fiscalYear: 2016,
    });
    expect(bja.status).toBe('succeeded');
    expect(bja.inserted).toBeGreaterThan(0);
    const figures = await h.components.importAwards.execute({
      input: openFixture('reference-figures-malformed.csv'),
      file: 'reference-figures-malformed.csv',
      format: 'figures',
    });
    expect(figures.errorCount).toBeGreaterThan(0);
    expect(figures.errors.every((e) => e.at.startsWith('reference-figures-malformed.csv:'))).toBe(true);
    const stored = await count(`import_run_id IN (${[ojp.id, bja.id, figures.id].join(',')})`);
    expect(stored).toBe(ojp.inserted + bja.inserted + figures.inserted);
  });

  it('fails the run of a file that is not in the format, naming the missing columns', async () => {
    const before = await count();
    await expect(
      h.components.importAwards.execute({
        input: Readable.from(['name,amount\nHartford,12\n']),
        file: 'wrong.csv',
        format: 'ojp',
      }),
    ).rejects.toThrow(ImportFormatError);
    const [run] = await h.components.importRuns.list(1);
    expect(run).toMatchObject({
      file: 'wrong.csv',
      status: 'failed',
      failure: expect.stringContaining('missing column'),
    });
    expect(await count()).toBe(before);
  });

  it('import-awards command: prints counts, row errors and unresolved recipients; exit 2 for bad arguments', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: h.env };
    const code = await runImportAwards(
      ['--format', 'usaspending', fixturePath('usaspending-award-summaries.csv')],
      io,
    );
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const text = out.join('\n');
    expect(text).toMatch(/usaspending file usaspending-award-summaries\.csv succeeded/);
    expect(text).toMatch(/records read: 5; ledger rows: 2 \(2 new, 0 already stored\)/);
    expect(text).toMatch(/row errors: 2/);
    expect(text).toMatch(/usaspending-award-summaries\.csv:4: award lists several programs/);

    expect(await runImportAwards(['--format', 'xls', 'x.csv'], io)).toBe(2);
    expect(err.pop()).toMatch(/--format must be one of usaspending, ojp, bja-jag, figures, got xls/);
    expect(await runImportAwards(['--format', 'ojp', '/nonexistent/file.csv'], io)).toBe(2);
    expect(err.pop()).toMatch(/cannot read \/nonexistent\/file\.csv/);
    expect(await runImportAwards(['--format', 'bja-jag', '--fiscal-year', 'FY17', 'x.csv'], io)).toBe(2);
    expect(err.pop()).toMatch(/--fiscal-year must be a four-digit year/);
  });
});

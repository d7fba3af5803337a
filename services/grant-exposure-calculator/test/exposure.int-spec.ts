import { createReadStream } from 'node:fs';
import type { Exposure } from '@detainer-watch/contracts';
import type { Subscription } from '@detainer-watch/messaging';
import { FIGURES_CSV, figuresAvailable } from './support/fixtures';
import { serveClassifier, startHarness, type Harness } from './support/harness';

jest.setTimeout(60_000);

const summary = (exposure: Exposure) =>
  exposure.lines.map(
    (l) => `${l.program} ${l.fiscalYear} ${l.basis} ${l.amountCents ?? 'unknown'} ${l.status}`,
  );

const onRealFigures = figuresAvailable ? describe : describe.skip;
if (!figuresAvailable) console.warn(`skipping reference estimates: ${FIGURES_CSV} is absent`);

// Every figure can be checked by hand against shared/data/grants/figures.csv (line numbers in comments).
onRealFigures('estimates from the ledger in Postgres', () => {
  let h: Harness;
  let classifier: Subscription;
  beforeAll(async () => {
    h = await startHarness();
    classifier = await serveClassifier(h.bus);
  });
  afterAll(async () => {
    await classifier.drain();
    await h.close();
  });

  it('loads the shipped reference ledger once, then resolves its recipients through the classifier', async () => {
    const first = await h.components.loadReferenceLedger.execute();
    expect(first.inserted).toBe(first.rows);
    expect(await h.components.loadReferenceLedger.execute()).toEqual({ rows: first.rows, inserted: 0 });
    const runs = await h.components.importRuns.list(10);
    expect(runs.map((r) => r.format)).toEqual(['reference-ledger']);
    const resolved = await h.components.resolvePending.execute();
    expect(resolved).toMatchObject({ rowsPending: 0, classifierUnavailable: null });
    expect(resolved.rowsAnswered).toBeGreaterThan(0);
  });

  it('importing figures.csv itself adds nothing: the same figures, the same row ids', async () => {
    const run = await h.components.importAwards.execute({
      input: createReadStream(FIGURES_CSV),
      file: 'figures.csv',
      format: 'figures',
    });
    expect(run).toMatchObject({ status: 'succeeded', inserted: 0 });
    expect(run.alreadyPresent).toBe(run.rows);
  });

  it('Connecticut FY2016: the rounded "about $2.6 million" JAG figure (line 80), everything else unknown', async () => {
    const { jurisdiction, exposure } = await h.components.getExposure.execute({
      jurisdiction: '09',
      fiscalYears: [2016],
      programs: ['JAG', 'SCAAP', 'COPS'],
      clawbackYears: 0,
    });
    expect(jurisdiction.id).toBe('state:09');
    expect(summary(exposure)).toEqual([
      'JAG 2016 direct 260000000 rounded',
      'JAG 2016 state_passthrough unknown unknown',
      'SCAAP 2016 direct unknown unknown',
      'SCAAP 2016 state_passthrough unknown unknown',
      'COPS 2016 direct unknown unknown',
      'COPS 2016 state_passthrough unknown unknown',
    ]);
    expect(exposure.lines[0].sources).toEqual([
      expect.objectContaining({
        citation: expect.stringContaining(
          "WNPR / Connecticut Public, 'Connecticut Police Forces Still Await Federal Grants'",
        ),
        url: 'https://www.wnpr.org/post/connecticut-police-forces-still-await-federal-grants',
      }),
    ]);
    expect(exposure).toMatchObject({ estimate: true, totalCents: 260000000, totalStatus: 'partial' });
    const row = await h.components.ledger.findById(exposure.lines[0].sources[0].ledgerRowId);
    expect(row).toMatchObject({ amountCents: 260000000, amountStatus: 'rounded', source: { line: 80 } });
  });

  it('Connecticut FY2023-FY2024: two exact BJA award pages (lines 83, 84) give an exact $3,395,469', async () => {
    const { exposure } = await h.components.getExposure.execute({
      jurisdiction: 'state:09',
      fiscalYears: [2023, 2024],
      programs: ['JAG'],
      clawbackYears: 0,
    });
    expect(exposure.lines.filter((l) => l.basis === 'direct').map((l) => [l.amountCents, l.status])).toEqual([
      [183507400, 'exact'],
      [156039500, 'exact'],
    ]);
    expect(exposure).toMatchObject({ totalCents: 339546900, totalStatus: 'exact' });
  });

  it('Hartford (by name, through the classifier) FY2020: JAG $168,875 (line 98) + COPS $2,594,279 (line 110), exact', async () => {
    const { jurisdiction, exposure } = await h.components.getExposure.execute({
      jurisdiction: 'Hartford, CT',
      fiscalYears: [2020],
      programs: ['JAG', 'COPS'],
      clawbackYears: 0,
    });
    expect(jurisdiction).toMatchObject({
      id: 'place:0937000',
      entity: { name: 'Hartford city', fips: '0937000' },
    });
    expect(summary(exposure)).toEqual(['JAG 2020 direct 16887500 exact', 'COPS 2020 direct 259427900 exact']);
    expect(exposure).toMatchObject({ totalCents: 276315400, totalStatus: 'exact' });
  });

  it('Hartford FY2012 with the default three-year clawback: COPS $1,745,037 (line 100) + JAG FY2009 $357,728 (line 89)', async () => {
    const { exposure } = await h.components.getExposure.execute({
      jurisdiction: '0937000',
      fiscalYears: [2012],
      programs: ['JAG', 'SCAAP', 'COPS'],
      clawbackYears: 3,
    });
    expect(summary(exposure)).toEqual([
      'JAG 2012 direct unknown unknown',
      'JAG 2009 clawback 35772800 exact',
      'JAG 2010 clawback unknown unknown',
      'JAG 2011 clawback unknown unknown',
      'SCAAP 2012 direct unknown unknown',
      'SCAAP 2009 clawback unknown unknown',
      'SCAAP 2010 clawback unknown unknown',
      'SCAAP 2011 clawback unknown unknown',
      'COPS 2012 direct 174503700 exact',
      'COPS 2009 clawback unknown unknown',
      'COPS 2010 clawback unknown unknown',
      'COPS 2011 clawback unknown unknown',
    ]);
    expect(exposure).toMatchObject({ totalCents: 210276500, totalStatus: 'partial' });
  });

  it('a jurisdiction with no figures is unknown on every line, never $0', async () => {
    const { exposure } = await h.components.getExposure.execute({
      jurisdiction: 'county:09013',
      fiscalYears: [2016, 2017],
      programs: ['JAG', 'SCAAP'],
      clawbackYears: 3,
    });
    expect(exposure.lines).toHaveLength(10);
    expect(exposure.lines.every((l) => l.amountCents === null && l.status === 'unknown')).toBe(true);
    expect(exposure).toMatchObject({ totalCents: null, totalStatus: 'unknown' });
  });
});

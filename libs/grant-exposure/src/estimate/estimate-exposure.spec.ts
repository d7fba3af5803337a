import { createReadStream } from 'node:fs';
import { Exposure, type GrantProgram } from '@detainer-watch/contracts';
import { InMemoryLedger } from '../ledger/ledger-sink';
import { ledgerRowId, type LedgerRow } from '../ledger/ledger-row';
import { importReferenceFiguresCsv } from '../import/reference-figures';
import { estimateExposure } from './estimate-exposure';
import { LedgerIndex } from './ledger-index';
import { FIGURES_CSV, figuresAvailable } from '../../test/fixtures';
import { testResolver } from '../../test/test-resolver';

const ALL: GrantProgram[] = ['JAG', 'SCAAP', 'COPS'];
const summary = (exposure: Exposure) =>
  exposure.lines.map(
    (l) => `${l.program} ${l.fiscalYear} ${l.basis} ${l.amountCents ?? 'unknown'} ${l.status}`,
  );

const onRealFigures = figuresAvailable ? describe : describe.skip;
if (!figuresAvailable) console.warn(`skipping reference estimates: ${FIGURES_CSV} is absent`);

// Every figure below can be checked by hand against shared/data/grants/figures.csv (line numbers in comments).
onRealFigures('estimates from the reference figures', () => {
  let index: LedgerIndex;
  beforeAll(async () => {
    const sink = new InMemoryLedger();
    await importReferenceFiguresCsv(createReadStream(FIGURES_CSV), {
      source: 'figures.csv',
      sink,
      resolveRecipient: testResolver,
    });
    index = new LedgerIndex(sink.rows());
  });

  it('Connecticut FY2016: the rounded "about $2.6 million" JAG figure, everything else unknown, total partial', () => {
    const exposure = estimateExposure(index, {
      jurisdiction: 'state:09',
      programs: ALL,
      fiscalYears: [2016],
      clawbackYears: 0,
    });
    expect(Exposure.parse(exposure)).toEqual(exposure);
    expect(summary(exposure)).toEqual([
      'JAG 2016 direct 260000000 rounded', // line 80, WNPR: "about $2.6 million"
      'JAG 2016 state_passthrough unknown unknown',
      'SCAAP 2016 direct unknown unknown',
      'SCAAP 2016 state_passthrough unknown unknown',
      'COPS 2016 direct unknown unknown',
      'COPS 2016 state_passthrough unknown unknown',
    ]);
    expect(exposure.lines[0].sources).toEqual([
      {
        ledgerRowId: expect.stringMatching(/^[0-9a-f]{32}$/),
        citation:
          "WNPR / Connecticut Public, 'Connecticut Police Forces Still Await Federal Grants' (fall 2017) (figures.csv:80)",
        url: 'https://www.wnpr.org/post/connecticut-police-forces-still-await-federal-grants',
        note: expect.stringContaining('about $2.6 million'),
      },
    ]);
    expect(exposure).toMatchObject({ estimate: true, totalCents: 260000000, totalStatus: 'partial' });
  });

  it('Connecticut FY2023–FY2024: two exact BJA award pages give an exact total', () => {
    const exposure = estimateExposure(index, {
      jurisdiction: 'state:09',
      programs: ['JAG'],
      fiscalYears: [2024, 2023],
      clawbackYears: 0,
      passThrough: false,
    });
    // lines 83 and 84: $1,835,074 + $1,560,395 = $3,395,469
    expect(summary(exposure)).toEqual(['JAG 2023 direct 183507400 exact', 'JAG 2024 direct 156039500 exact']);
    expect(exposure).toMatchObject({
      fiscalYears: [2023, 2024],
      totalCents: 339546900,
      totalStatus: 'exact',
    });
  });

  it('Hartford FY2016: the COPS "$3.5 million in salary" figure is rounded, so the total is partial', () => {
    const exposure = estimateExposure(index, {
      jurisdiction: 'place:0937000',
      programs: ALL,
      fiscalYears: [2016],
      clawbackYears: 0,
    });
    expect(summary(exposure)).toEqual([
      'JAG 2016 direct unknown unknown',
      'SCAAP 2016 direct unknown unknown',
      'COPS 2016 direct 350000000 rounded', // line 106
    ]);
    expect(exposure).toMatchObject({ totalCents: 350000000, totalStatus: 'partial' });
  });

  it('Hartford FY2012 with a three-year clawback window (FY2009–FY2011)', () => {
    const exposure = estimateExposure(index, {
      jurisdiction: 'place:0937000',
      programs: ALL,
      fiscalYears: [2012],
      clawbackYears: 3,
    });
    expect(summary(exposure)).toEqual([
      'JAG 2012 direct unknown unknown',
      'JAG 2009 clawback 35772800 exact', // line 89; the Recovery Act JAG award (line 88, CFDA 16.803) is left out
      'JAG 2010 clawback unknown unknown',
      'JAG 2011 clawback unknown unknown',
      'SCAAP 2012 direct unknown unknown',
      'SCAAP 2009 clawback unknown unknown',
      'SCAAP 2010 clawback unknown unknown',
      'SCAAP 2011 clawback unknown unknown',
      'COPS 2012 direct 174503700 exact', // line 100
      'COPS 2009 clawback unknown unknown',
      'COPS 2010 clawback unknown unknown',
      'COPS 2011 clawback unknown unknown',
    ]);
    // $1,745,037 + $357,728 = $2,102,765; unknown lines keep it partial.
    expect(exposure).toMatchObject({ totalCents: 210276500, totalStatus: 'partial' });
    expect(exposure.method).toContain('FY2009–FY2011');
  });

  it('Hartford FY2020: exact JAG and COPS figures, and COPS left out when not selected', () => {
    const both = estimateExposure(index, {
      jurisdiction: 'place:0937000',
      programs: ['JAG', 'COPS'],
      fiscalYears: [2020],
      clawbackYears: 0,
    });
    // lines 98 and 110: $168,875 + $2,594,279 = $2,763,154
    expect(both).toMatchObject({ totalCents: 276315400, totalStatus: 'exact' });
    const jagOnly = estimateExposure(index, {
      jurisdiction: 'place:0937000',
      programs: ['JAG', 'SCAAP'],
      fiscalYears: [2020],
      clawbackYears: 0,
    });
    expect(jagOnly.programs).toEqual(['JAG', 'SCAAP']);
    expect(jagOnly.lines.some((l) => l.program === 'COPS')).toBe(false);
    expect(jagOnly).toMatchObject({ totalCents: 16887500, totalStatus: 'partial' });
  });

  it('a jurisdiction with no figures is unknown on every line, never $0', () => {
    const exposure = estimateExposure(index, {
      jurisdiction: 'county:09013',
      programs: ALL,
      fiscalYears: [2016, 2017],
      clawbackYears: 2,
    });
    expect(exposure.lines).toHaveLength(12);
    expect(
      exposure.lines.every((l) => l.amountCents === null && l.status === 'unknown' && l.sources.length === 0),
    ).toBe(true);
    expect(exposure).toMatchObject({ totalCents: null, totalStatus: 'unknown' });
  });
});

describe('estimateExposure rules', () => {
  let line = 0;
  const row = (over: Partial<LedgerRow> & Pick<LedgerRow, 'measure' | 'amountCents'>): LedgerRow => {
    line += 1;
    return {
      id: ledgerRowId('reference_figures', [line]),
      program: 'JAG',
      cfda: '16.738',
      fiscalYear: 2016,
      fiscalYearText: '2016',
      recipient: 'Test recipient',
      recipientType: 'state',
      state: 'CT',
      scope: 'recipient',
      jurisdictionId: 'state:09',
      fips: '09',
      amountStatus: 'exact',
      awardId: null,
      source: {
        kind: 'reference_figures',
        file: 'test.csv',
        line,
        url: null,
        title: 'Test source',
        note: null,
      },
      ...over,
    };
  };
  const options = {
    jurisdiction: 'state:09',
    programs: ['JAG'] as GrantProgram[],
    fiscalYears: [2016],
    clawbackYears: 0,
  };

  it('counts one measure per year: obligations over awards over allocations over published figures', () => {
    const rows = [
      row({ measure: 'reported', amountCents: 260000000, amountStatus: 'rounded' }),
      row({ measure: 'allocation', amountCents: 150000000 }),
      row({ measure: 'obligation', amountCents: 100000000 }),
      row({ measure: 'obligation', amountCents: -2500 }),
    ];
    const exposure = estimateExposure(rows, { ...options, passThrough: false });
    expect(summary(exposure)).toEqual(['JAG 2016 direct 99997500 exact']);
    expect(exposure.lines[0].sources.map((s) => s.ledgerRowId)).toEqual([rows[2].id, rows[3].id]);
  });

  it('uses one of several published figures for the same award, the exact one first', () => {
    const rows = [
      row({ measure: 'reported', amountCents: 430000000, amountStatus: 'rounded' }),
      row({ measure: 'reported', amountCents: 420000000, amountStatus: 'rounded' }),
      row({ measure: 'reported', amountCents: 428178100 }),
    ];
    expect(summary(estimateExposure(rows, { ...options, passThrough: false }))).toEqual([
      'JAG 2016 direct 428178100 exact',
    ]);
    expect(summary(estimateExposure(rows.slice(0, 2), { ...options, passThrough: false }))).toEqual([
      'JAG 2016 direct 430000000 rounded',
    ]);
  });

  it('shows a state pass-through the ledger states, without adding it to the total again', () => {
    const rows = [
      row({ measure: 'allocation', amountCents: 150001000 }),
      row({ measure: 'passthrough', amountCents: 60001100 }),
    ];
    const exposure = estimateExposure(rows, options);
    expect(summary(exposure)).toEqual([
      'JAG 2016 direct 150001000 exact',
      'JAG 2016 state_passthrough 60001100 exact',
    ]);
    expect(exposure).toMatchObject({ totalCents: 150001000, totalStatus: 'exact' });
  });

  it('ignores aggregates, joint allocations, multi-year figures and other jurisdictions', () => {
    const rows = [
      row({ measure: 'reported', amountCents: 1, scope: 'aggregate', jurisdictionId: null }),
      row({ measure: 'allocation', amountCents: 2, scope: 'joint', jurisdictionId: 'state:09' }),
      row({ measure: 'reported', amountCents: 3, fiscalYear: null, fiscalYearText: '2017-2020' }),
      row({ measure: 'reported', amountCents: 4, jurisdictionId: 'state:36' }),
    ];
    expect(estimateExposure(rows, options)).toMatchObject({ totalCents: null, totalStatus: 'unknown' });
  });

  it("counts the awards of the jurisdiction's own facilities given as children", () => {
    const rows = [
      row({
        program: 'SCAAP',
        cfda: '16.606',
        measure: 'award',
        amountCents: 5000000,
        jurisdictionId: 'facility:CT:hartford-cc',
      }),
    ];
    const scaap = { ...options, jurisdiction: 'county:09003', programs: ['SCAAP'] as GrantProgram[] };
    expect(estimateExposure(rows, scaap).totalCents).toBeNull();
    expect(estimateExposure(rows, { ...scaap, childrenIds: ['facility:CT:hartford-cc'] }).totalCents).toBe(
      5000000,
    );
  });
});

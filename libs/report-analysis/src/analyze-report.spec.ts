import { readFileSync } from 'node:fs';
import { ReportExtract } from '@detainer-watch/contracts';
import {
  generateReport,
  iceLetterLandscape,
  syntheticContent,
  type ReportContent,
} from '@detainer-watch/ddor-fixtures';
import {
  parseReferenceLedger,
  REFERENCE_LEDGER_PATH,
  type LedgerIndex,
} from '@detainer-watch/grant-exposure';
import { analyzeExtract, analyzeReport } from './analyze-report';
import { indexLedger } from './ledger';
import { fixtureExtract, shippedResolver } from './__fixtures__/shipped';

const resolver = shippedResolver();
let ledger: LedgerIndex;

beforeAll(async () => {
  const file = parseReferenceLedger(JSON.parse(readFileSync(REFERENCE_LEDGER_PATH, 'utf8')));
  ledger = (await indexLedger(file.rows, resolver)).index;
}, 30_000);

describe('analyzeExtract on the generated week-1 report and the shipped reference ledger', () => {
  const extract = fixtureExtract('week1-ice-letter-landscape');

  it('estimates FY2017 and the clawback years for JAG and SCAAP by default, unknown never 0', () => {
    const analysis = analyzeExtract(extract, { resolver, ledger: ledger });
    expect(analysis.fiscalYears).toEqual([2017]);
    expect(analysis.programs).toEqual(['JAG', 'SCAAP']);
    const miamiDade = analysis.jurisdictions.find((j) => j.id === 'county:12086')!;
    const { exposure } = miamiDade;
    expect(exposure).toMatchObject({ estimate: true, programs: ['JAG', 'SCAAP'], fiscalYears: [2017] });
    const jag = (year: number) =>
      exposure.lines.find(
        (l) => l.program === 'JAG' && l.fiscalYear === year && l.basis !== 'state_passthrough',
      )!;
    // figures.csv: "$700,000" FY2017 (rounded), $481,347 FY2016 (exact)
    expect(jag(2017)).toMatchObject({ basis: 'direct', amountCents: 70_000_000, status: 'rounded' });
    expect(jag(2016)).toMatchObject({ basis: 'clawback', amountCents: 48_134_700, status: 'exact' });
    expect(jag(2015)).toMatchObject({ amountCents: null, status: 'unknown' });
    for (const line of exposure.lines.filter((l) => l.program === 'SCAAP')) {
      expect(line).toMatchObject({ amountCents: null, status: 'unknown', sources: [] });
    }
    expect(exposure.totalCents).toBe(70_000_000 + 48_134_700);
    expect(exposure.totalStatus).toBe('partial');
    expect(jag(2017).sources[0].citation).toMatch(/figures\.csv/);
  });

  it('estimates COPS only when asked, for the fiscal years asked', () => {
    const analysis = analyzeExtract(extract, {
      resolver,
      ledger,
      programs: ['COPS'],
      fiscalYears: [2016],
      clawbackYears: 0,
    });
    const hartford = analysis.jurisdictions.find((j) => j.id === 'place:0937000')!;
    expect(hartford.exposure.lines).toEqual([
      expect.objectContaining({
        program: 'COPS',
        fiscalYear: 2016,
        basis: 'direct',
        amountCents: 350_000_000,
      }),
    ]);
    const travis = analysis.jurisdictions.find((j) => j.id === 'county:48453')!;
    expect(travis.exposure).toMatchObject({ totalCents: null, totalStatus: 'unknown' });
  });

  it('has exactly the documented JSON shape', () => {
    const analysis = analyzeExtract(extract, { resolver, ledger });
    const json = JSON.parse(
      JSON.stringify({
        report: analysis.report,
        jurisdictions: analysis.jurisdictions,
        unresolved: analysis.unresolved,
      }),
    );
    expect(Object.keys(json.jurisdictions[0]).sort()).toEqual(
      [
        'rawNames',
        'id',
        'name',
        'type',
        'state',
        'fips',
        'confidence',
        'declinedCount',
        'highestVolumeCount',
        'categories',
        'exposure',
      ].sort(),
    );
    expect(Object.keys(json.unresolved[0]).sort()).toEqual(['candidates', 'raw']);
    expect(ReportExtract.parse(json.report)).toEqual(extract);
  });
});

describe('analyzeReport on a generated PDF', () => {
  it('extracts, resolves and keeps the names it cannot resolve', async () => {
    const synthetic = syntheticContent({ seed: 7, declinedRows: 12 });
    const content: ReportContent = {
      ...synthetic,
      declined: [
        ...synthetic.declined,
        { ...synthetic.declined[0], state: 'TX', county: 'Qwertyuiop County', facility: 'QWERTY JAIL' },
      ],
      policies: [
        {
          jurisdiction: 'Hartford, Connecticut',
          aor: 'Boston',
          dateEnacted: 'March 2008',
          policy: 'Will not honor detainers unless accompanied by a judicial warrant.',
          criteria: [],
        },
        {
          jurisdiction: 'San Miguel, New Mexico',
          aor: 'El Paso',
          dateEnacted: null,
          policy: 'Will not honor ICE detainers.',
          criteria: [],
        },
      ],
    };
    const { pdf, truth } = await generateReport(content, iceLetterLandscape);
    const analysis = await analyzeReport(pdf, { resolver, ledger });
    expect(analysis.report.declined).toHaveLength(truth.declined.length);
    expect(analysis.report.policies).toHaveLength(2);
    const counted = analysis.jurisdictions.reduce((s, j) => s + j.declinedCount, 0);
    expect(counted).toBe(truth.declined.length - 1);
    const hartford = analysis.jurisdictions.find((j) => j.id === 'place:0937000')!;
    expect(hartford.categories.map((c) => c.category)).toEqual(['honors_only_with_judicial_warrant']);
    expect(analysis.unresolved.map((u) => u.raw).sort()).toEqual([
      'Qwertyuiop County',
      'San Miguel, New Mexico',
    ]);
    expect(
      analysis.unresolved.find((u) => u.raw.startsWith('San Miguel'))!.candidates.length,
    ).toBeGreaterThan(0);
  }, 60_000); // typesets and extracts a PDF
});

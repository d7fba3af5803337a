import { line } from '../test/synthetic';
import { DECLINED_SPECS, POLICY_SPECS } from '../sections/specs';
import { buildLines } from './lines';
import { locateSections } from './sections';
import { stripFurniture } from './furniture';
import { readTable } from './table';

describe('buildLines', () => {
  it('groups runs by baseline, orders them left to right and merges touching runs', () => {
    const lines = buildLines({
      page: 1,
      width: 792,
      height: 612,
      runs: [
        { text: 'Declined', x: 140, y: 100.2, width: 40, fontSize: 10 },
        { text: 'Weekly', x: 100, y: 100, width: 35, fontSize: 10 },
        { text: 'Detai', x: 185, y: 100, width: 25, fontSize: 10 },
        { text: 'ner', x: 210, y: 100, width: 15, fontSize: 10 },
        { text: 'next line', x: 100, y: 112, width: 45, fontSize: 10 },
      ],
    });
    expect(lines.map((l) => l.text)).toEqual(['Weekly Declined Detainer', 'next line']);
  });
});

describe('locateSections', () => {
  const heads = [
    'Section I: Highest Volume of Detainers Issued to Non-Cooperative Jurisdictions',
    'Section II: Jurisdictions with Recorded Declined Detainers Broken Down by Individuals Released',
    'Section III: Table of Jurisdictions that have Enacted Policies which Limit Cooperation with ICE',
    'Section IV: Report Scope and Data Fidelity',
  ];
  it('skips the page-1 list of sections and finds the headings later in the document', () => {
    const lines = [
      line(1, 50, [[50, 'Weekly Declined Detainer Outcome Report']]),
      ...heads.map((h, i) => line(1, 100 + i * 12, [[70, h]])),
      line(1, 160, [[50, 'Section I: Highest Volume of Detainers Issued between February 11, 2017 and']]),
      line(1, 172, [[50, 'February 17, 2017 to Jurisdictions which Restrict Cooperation with ICE']]),
      line(1, 190, [[50, 'During the week of ... ICE issued 2,825 detainers']]),
      ...Array.from({ length: 5 }, (_, i) => line(1, 200 + i * 12, [[50, `row ${i}`]])),
      line(2, 50, [
        [50, 'Section II: Jurisdictions with Recorded Declined Detainers between February 11, 2017'],
      ]),
      ...Array.from({ length: 5 }, (_, i) => line(2, 70 + i * 12, [[50, `row ${i}`]])),
      line(3, 50, [[50, 'Section III: Table of Jurisdictions that have Enacted Policies which Restrict']]),
      line(3, 62, [[50, 'Cooperation with ICE']]),
    ];
    const { start } = locateSections(lines);
    expect(start.I?.line).toBe(5);
    expect(start.II?.line).toBe(13);
    expect(start.III?.line).toBe(19);
    expect(start.IV).toBeUndefined();
  });
});

describe('stripFurniture', () => {
  it('drops page numbers and repeated footers but keeps repeated headers and rows that repeat elsewhere', () => {
    const pages = [1, 2, 3].map((p) => [
      line(p, 50, [
        [50, 'State'],
        [100, 'County'],
      ]),
      line(p, 60 + p * 12, [[50, 'TX Travis Travis County Jail Mexico']]),
      line(p, 590, [
        [50, 'Weekly Declined Detainer Outcome Report'],
        [700, `Page ${p} of 3`],
      ]),
    ]);
    const kept = stripFurniture(pages, (l) => l.text === 'State County');
    expect(kept.flat().map((l) => l.text)).toEqual([
      'State County',
      'TX Travis Travis County Jail Mexico',
      'State County',
      'TX Travis Travis County Jail Mexico',
      'State County',
      'TX Travis Travis County Jail Mexico',
    ]);
  });
});

describe('readTable', () => {
  const header = (page: number, y: number) => [
    line(page, y, [
      [50, 'County'],
      [120, 'State'],
      [170, 'Jurisdiction/Facility'],
      [300, 'Citizenship'],
      [380, 'Notable Criminal Activity'],
      [560, 'Detainer'],
      [620, 'Detainer'],
    ]),
    line(page, y + 12, [
      [560, 'Issued'],
      [620, 'Declined'],
    ]),
  ];
  const row = (page: number, y: number, county: string, charges: string[], issued: string) => [
    line(page, y, [
      [50, county],
      [120, 'TX'],
      [170, 'Travis County Jail'],
      [300, 'Mexico'],
      [380, charges[0]],
      [560, issued],
      [620, '2/1/2017'],
    ]),
    ...charges.slice(1).map((c, i) => line(page, y + 12 * (i + 1), [[380, c]])),
  ];
  it('finds columns from header text in any order and joins wrapped cells and split rows', () => {
    const lines = [
      ...header(1, 50),
      ...row(1, 90, 'Travis', ['Assault Causes Bodily', 'Injury'], '1/3/2016'),
      ...row(1, 126, 'Travis', ['Theft'], '2/30/2016'),
      ...row(1, 150, 'Travis', ['Burglary of', 'Habitation,'], '5/5/2015'),
      // the row above continues on page 2, under a repeated header
      ...header(2, 50),
      line(2, 90, [[380, 'Evading Arrest']]),
      ...row(2, 114, 'Travis', ['DWI'], '6/6/2016'),
    ];
    const table = readTable(lines, DECLINED_SPECS);
    expect(table.models).toHaveLength(2);
    expect(table.models[0].model.columns.map((c) => c.field)).toEqual([
      'county',
      'state',
      'facility',
      'citizenship',
      'notableCriminalActivity',
      'detainerIssued',
      'detainerDeclined',
    ]);
    expect(table.rows.map((r) => [r.page, r.cells.notableCriminalActivity, r.cells.detainerIssued])).toEqual([
      [1, ['Assault Causes Bodily', 'Injury'], ['1/3/2016']],
      [1, ['Theft'], ['2/30/2016']],
      [1, ['Burglary of', 'Habitation,', 'Evading Arrest'], ['5/5/2015']],
      [2, ['DWI'], ['6/6/2016']],
    ]);
  });
  it('keeps the last column model on a page without a header', () => {
    const lines = [
      ...header(1, 50),
      ...row(1, 90, 'Travis', ['Theft'], '1/3/2016'),
      ...row(2, 50, 'Travis', ['DWI'], '6/6/2016'),
    ];
    const table = readTable(lines, DECLINED_SPECS);
    expect(table.rows.map((r) => [r.page, r.cells.county])).toEqual([
      [1, ['Travis']],
      [2, ['Travis']],
    ]);
  });
  it('names Section III columns and keeps text before the header as preface', () => {
    const lines = [
      line(1, 40, [[50, 'The following jurisdictions have been identified']]),
      line(1, 60, [
        [50, 'Jurisdiction (AOR)'],
        [200, 'Date Enacted'],
        [300, 'Policy'],
        [500, 'Criteria for Honoring Detainer'],
      ]),
      line(1, 90, [
        [50, 'Travis County, Texas'],
        [200, 'February 2017'],
        [300, 'Honors only with'],
        [500, '\u2022'],
        [510, 'Judicial warrant'],
      ]),
      line(1, 102, [
        [50, '(San Antonio)'],
        [300, 'a warrant'],
      ]),
    ];
    const table = readTable(lines, POLICY_SPECS);
    expect(table.preface.map((l) => l.text)).toEqual(['The following jurisdictions have been identified']);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0].cells.jurisdiction).toEqual(['Travis County, Texas', '(San Antonio)']);
    expect(table.rows[0].cells.criteria).toEqual(['\u2022 Judicial warrant']);
  });
});

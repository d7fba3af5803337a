import type { ReportExtract } from '@detainer-watch/contracts';
import { rowsCsv, sectionRows } from './report-views';

const extract: ReportExtract = {
  reportId: 'a'.repeat(64),
  title: 'Declined Detainer Outcome Report',
  periodStart: '2017-01-28',
  periodEnd: '2017-02-03',
  detainersIssued: null,
  pageCount: 3,
  highestVolume: [{ jurisdiction: 'Travis County', state: 'TX', detainersIssued: null, page: 1 }],
  declined: [
    {
      state: 'TX',
      county: 'Travis',
      facility: 'Travis County Jail',
      citizenship: 'Mexico',
      notableCriminalActivity: 'Assault, "Family" Violence',
      detainerIssued: '2017-01-28',
      detainerDeclined: null,
      page: 2,
    },
  ],
  policies: [
    {
      jurisdiction: 'East Haven',
      aor: null,
      dateEnacted: 'February 2017',
      policy: 'Will not honor detainers',
      criteria: ['judicial warrant', 'prior felony'],
      page: 3,
    },
  ],
  warnings: [],
};

describe('sectionRows', () => {
  it('numbers rows from 0 in printed order', () => {
    expect(sectionRows(extract, 'II')).toEqual([{ rowIndex: 0, ...extract.declined[0] }]);
  });
});

describe('rowsCsv', () => {
  it('quotes commas and quotes, and leaves unknowns empty rather than 0', () => {
    expect(rowsCsv(extract, 'II')).toBe(
      'rowIndex,state,county,facility,citizenship,notableCriminalActivity,detainerIssued,detainerDeclined,page\r\n' +
        '0,TX,Travis,Travis County Jail,Mexico,"Assault, ""Family"" Violence",2017-01-28,,2\r\n',
    );
    expect(rowsCsv(extract, 'I')).toBe(
      'rowIndex,jurisdiction,state,detainersIssued,page\r\n0,Travis County,TX,,1\r\n',
    );
  });

  it('puts each Section III criterion on its own line inside one quoted cell', () => {
    expect(rowsCsv(extract, 'III').split('\r\n')[1]).toBe(
      '0,East Haven,,February 2017,Will not honor detainers,"judicial warrant\nprior felony",3',
    );
  });
});

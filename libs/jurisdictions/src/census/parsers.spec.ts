import {
  markMojibake,
  parseCtPop,
  parseNationalPlaces,
  parseStateAnsi,
  parseSubEst,
  UNKNOWN_LETTER,
} from './parsers';

describe('Census parsers', () => {
  it('re-aligns national_places rows with an unquoted comma in the name', () => {
    const text = [
      'STATE,STATEFP,PLACEFP,PLACENAME,TYPE,FUNCSTAT,COUNTY',
      'CT,09,22910,East Haven town,County Subdivision,A,New Haven County',
      'FL,12,34132,Islamorada, Village of Islands village,Incorporated Place,A',
    ].join('\r\n');
    const rows = parseNationalPlaces(text);
    expect(rows[0]).toMatchObject({
      placeFips: '22910',
      type: 'County Subdivision',
      countyName: 'New Haven County',
    });
    expect(rows[1]).toMatchObject({
      name: 'Islamorada, Village of Islands village',
      type: 'Incorporated Place',
      countyName: null,
    });
  });

  it('marks the mojibake letter instead of guessing it', () => {
    expect(markMojibake('Do\u0095\u00c0_a Ana County')).toBe(`Do${UNKNOWN_LETTER}a Ana County`);
  });

  it('reads ctpop.csv with CR-only line endings', () => {
    expect(parseCtPop('real.town.name,pop2013\rEAST HAVEN,29167\rHARTFORD,125130').get('EAST HAVEN')).toBe(
      29167,
    );
  });

  it('zero-pads sub-est STATE+PLACE and skips the "A" annotation', () => {
    const head =
      'SUMLEV,STATE,COUNTY,PLACE,COUSUB,CONCIT,PRIMGEO_FLAG,FUNCSTAT,NAME,STNAME,CENSUS2010POP,POPESTIMATE2019';
    const m = parseSubEst(
      `${head}\n162,9,0,37000,0,0,0,A,Hartford,Connecticut,124775,122105\n162,1,0,99,0,0,0,A,X,Alabama,A,`,
    );
    expect(m.get('0937000')).toEqual({ population: 122105, year: 2019 });
    expect(m.has('0100099')).toBe(false);
  });

  it('skips the comment line of us-state-ansi-fips.csv and names the file on a bad header', () => {
    expect(parseStateAnsi('# from a gist\nstname,st,stusps\nConnecticut,09,CT')).toEqual([
      { name: 'Connecticut', fips: '09', usps: 'CT' },
    ]);
    expect(() => parseStateAnsi('a,b,c\n')).toThrow(/us-state-ansi-fips.csv, line 2/);
  });
});

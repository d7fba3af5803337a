import { parseTableDate, monthNumber } from './dates';
import { collectHyphenatedWords, joinCellLines, normalizeLabel } from './normalize';
import { toUspsCode, trailingState } from './states';

describe('joinCellLines', () => {
  it('joins wrapped lines with one space and normalizes whitespace', () => {
    expect(joinCellLines(['Burglary of ', '  Habitation,\u00a0Theft'])).toBe('Burglary of Habitation, Theft');
  });
  it('removes a line-break hyphen between lower-case letters', () => {
    expect(joinCellLines(['Aggravated Assault-', 'ive Conduct'])).toBe('Aggravated Assaultive Conduct');
  });
  it('keeps a real hyphen before a capital', () => {
    expect(joinCellLines(['Miami-', 'Dade County'])).toBe('Miami-Dade County');
  });
  it('keeps a hyphen the document prints unbroken elsewhere', () => {
    const words = new Set<string>();
    collectHyphenatedWords('a non-cooperative jurisdiction; hit-and-run', words);
    expect(joinCellLines(['non-', 'cooperative'], words)).toBe('non-cooperative');
    expect(joinCellLines(['hit-and-', 'run'], words)).toBe('hit-and-run');
    expect(joinCellLines(['non-', 'cooperative'])).toBe('noncooperative');
  });
  it('keeps a suspended hyphen before "or" / "and"', () => {
    expect(joinCellLines(['charged with a first-', 'or second-degree crime'])).toBe(
      'charged with a first- or second-degree crime',
    );
  });
  it('keeps a dash that stands alone', () => {
    expect(joinCellLines(['Theft -', 'Burglary'])).toBe('Theft - Burglary');
  });
});

describe('dates', () => {
  it('turns M/D/YYYY and MM/DD/YYYY into ISO dates', () => {
    expect(parseTableDate('12/21/2015')).toBe('2015-12-21');
    expect(parseTableDate('02/01/2017')).toBe('2017-02-01');
    expect(parseTableDate('2/1/2017')).toBe('2017-02-01');
  });
  it('refuses impossible and malformed dates', () => {
    expect(parseTableDate('2/30/2017')).toBeNull();
    expect(parseTableDate('13/1/2017')).toBeNull();
    expect(parseTableDate('2/1/17')).toBeNull();
    expect(parseTableDate('unknown')).toBeNull();
  });
  it('reads abbreviated and full month names', () => {
    expect(monthNumber('Jan.')).toBe(1);
    expect(monthNumber('Sept.')).toBe(9);
    expect(monthNumber('February')).toBe(2);
    expect(monthNumber('Febx')).toBeNull();
  });
});

describe('states', () => {
  it('maps names, abbreviations and codes to USPS codes', () => {
    expect(toUspsCode('Texas')).toBe('TX');
    expect(toUspsCode('Tex.')).toBe('TX');
    expect(toUspsCode('tx')).toBe('TX');
    expect(toUspsCode('New  Mexico')).toBe('NM');
    expect(toUspsCode('District of Columbia')).toBe('DC');
    expect(toUspsCode('Atlantis')).toBeNull();
  });
  it('splits a trailing state off a place name', () => {
    expect(trailingState('Travis County, TX')).toEqual({ code: 'TX', rest: 'Travis County' });
    expect(trailingState('Cook County, Illinois')).toEqual({ code: 'IL', rest: 'Cook County' });
    expect(trailingState('Travis County')).toBeNull();
  });
  it('labels normalize punctuation', () => {
    expect(normalizeLabel('Detainer Issued (Date)')).toBe('detainer issued date');
  });
});

import { parseJurisdictionRef } from './jurisdiction-ref';

describe('parseJurisdictionRef', () => {
  it('takes entity ids as they are and FIPS codes by their length', () => {
    expect(parseJurisdictionRef('place:0937000')).toEqual({ kind: 'id', id: 'place:0937000' });
    expect(parseJurisdictionRef('09')).toEqual({ kind: 'id', id: 'state:09' });
    expect(parseJurisdictionRef('09003')).toEqual({ kind: 'id', id: 'county:09003' });
    expect(parseJurisdictionRef('0937000')).toEqual({ kind: 'id', id: 'place:0937000' });
    expect(parseJurisdictionRef('0900337070')).toEqual({ kind: 'id', id: 'cousub:0900337070' });
  });

  it('leaves names to the classifier and refuses digits that are no FIPS code', () => {
    expect(parseJurisdictionRef(' Hartford, CT ')).toEqual({ kind: 'name', name: 'Hartford, CT' });
    expect(() => parseJurisdictionRef('0937')).toThrow(/2 \(state\), 5 \(county\), 7 \(place\) or 10/);
  });
});

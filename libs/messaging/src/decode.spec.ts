import { Subjects } from '@detainer-watch/contracts';
import { decodeEvent, encodeJson } from './decode';

describe('decodeEvent', () => {
  it('reports a body that is not JSON', () => {
    const r = decodeEvent(Subjects.ReportFetched, new TextEncoder().encode('{nope'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^message on report.fetched is not JSON: /);
  });

  it('names every field that breaks the contract', () => {
    const r = decodeEvent(Subjects.ReportFetched, encodeJson({ specversion: '1.0', id: '' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^message on report.fetched breaks its contract: /);
      expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['id', 'source', 'data']));
    }
  });
});

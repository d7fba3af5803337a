import { ACCURACY_CASES } from './__fixtures__/accuracy-table';
import { GazetteerFileLoader } from './gazetteer.loader';
import { HIGH_CONFIDENCE, createResolver, type Resolver } from './resolver';

describe('resolver accuracy on hand-checked real names', () => {
  let resolver: Resolver;
  beforeAll(() => {
    const loader = new GazetteerFileLoader();
    resolver = createResolver(loader.loadGazetteer(), { facilityAliases: loader.loadFacilityAliases() });
  });

  it('resolves >= 98% correctly and never a wrong entity with high confidence', () => {
    expect(ACCURACY_CASES.length).toBeGreaterThanOrEqual(200);
    const wrong: string[] = [];
    const wrongHigh: string[] = [];
    let correct = 0;
    for (const c of ACCURACY_CASES) {
      const r = resolver.resolve(c.raw, c.state ? { state: c.state } : {});
      const got = r.resolved ? (r.resolved.type === 'facility' ? r.resolved.parentId : r.resolved.id) : null;
      const high = r.resolved !== null && r.resolved.confidence >= HIGH_CONFIDENCE;
      const ok = c.expected === null ? !high : got === c.expected;
      if (ok) correct++;
      else
        wrong.push(
          `${c.raw} [${c.state ?? '-'}]: expected ${c.expected}, got ${got} (${r.reason ?? r.resolved?.confidence})`,
        );
      if (high && got !== c.expected) wrongHigh.push(`${c.raw}: ${got} instead of ${c.expected}`);
    }
    const rate = correct / ACCURACY_CASES.length;
    console.log(
      `resolver accuracy: ${correct}/${ACCURACY_CASES.length} = ${(rate * 100).toFixed(1)}% correct; ` +
        `${wrongHigh.length} wrong with confidence >= ${HIGH_CONFIDENCE}` +
        (wrong.length ? `\n  misses:\n  ${wrong.join('\n  ')}` : ''),
    );
    expect(wrongHigh).toEqual([]);
    expect(rate).toBeGreaterThanOrEqual(0.98);
  });
});

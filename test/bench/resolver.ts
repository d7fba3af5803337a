/**
 * Resolver benchmark: gazetteer load time, then 40,000 resolutions of a realistic mix of raw names (Section III
 * "County, State (AOR)", Section II county/facility columns, user input "City, ST", FIPS codes, typos, unknowns).
 * Run: npx tsx test/bench/resolver.ts
 */
import { GazetteerFileLoader, createResolver, type ResolveOptions } from '../../libs/jurisdictions/src';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const before = process.memoryUsage();
const t0 = performance.now();
const loader = new GazetteerFileLoader();
const gazetteer = loader.loadGazetteer();
const resolver = createResolver(gazetteer, { facilityAliases: loader.loadFacilityAliases() });
const loadMs = performance.now() - t0;

// Names built from the gazetteer itself, so the mix covers every state rather than a few hand-picked ones.
const entries = [...gazetteer.entries()];
const counties = entries.filter((e) => e.kind === 'county');
const places = entries.filter((e) => e.kind === 'incorporated');
const towns = entries.filter((e) => e.kind === 'cousub' && e.entity.state === 'CT');
const stateName = (usps: string) => gazetteer.state(usps)!.entity.name;
let seed = 42; // mulberry32: a fixed seed keeps runs comparable
const rnd = (n: number) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
};
const pick = <T>(xs: T[]) => xs[rnd(xs.length)];
const makers: (() => [string, ResolveOptions])[] = [
  () => {
    const c = pick(counties).entity;
    return [`${c.name}, ${stateName(c.state)} (San Antonio)`, {}];
  },
  () => {
    const c = pick(counties).entity;
    return [c.name.replace(/ County$/, '').toUpperCase(), { state: c.state, section: 'II' }];
  },
  () => {
    const c = pick(counties).entity;
    return [`${c.name.toUpperCase()} JAIL`, { state: c.state }];
  },
  () => {
    const p = pick(places).entity;
    return [`${p.name.replace(/ (city|town|village|borough)$/, '')}, ${p.state}`, {}];
  },
  () => [`${pick(towns).entity.name.replace(/ town$/, '')}, CT`, {}],
  () => [pick(places).entity.fips!, {}],
  () => {
    const c = pick(counties).entity;
    return [`${c.name}, ${stateName(c.state).replace(/^I/, 'l')}`, {}]; // OCR "lowa"
  },
  () => [
    pick([
      'Santa Rita Jail',
      'Clark County Detention Center',
      'Franklin County',
      'Springfield',
      'Nowhere Jail',
    ]),
    {},
  ],
];
const N = 40_000;
const queries = Array.from({ length: N }, () => pick(makers)());

const t1 = performance.now();
let resolved = 0;
for (const [q, opts] of queries) if (resolver.resolve(q, opts).resolved) resolved++;
const resolveMs = performance.now() - t1;
const after = process.memoryUsage();

console.log(`gazetteer: ${gazetteer.size} entities, ${resolver.facilityAliases.size} facility aliases`);
console.log(`load: ${loadMs.toFixed(0)} ms (target < 2000 ms)`);
console.log(
  `resolve: ${N} names in ${resolveMs.toFixed(0)} ms (target < 2000 ms), ` +
    `${((resolveMs * 1000) / N).toFixed(1)} µs/name, ${resolved} resolved`,
);
console.log(
  `heap used: ${mb(after.heapUsed)} (+${mb(after.heapUsed - before.heapUsed)}), RSS ${mb(after.rss)}`,
);

/**
 * Name normalisation shared by the gazetteer index and the resolver: both sides go through the same function, so an
 * abbreviation ("St.", "Co.", "Twp") or a diacritic ("Doña Ana") never decides whether two names match.
 */

// Abbreviations seen in DDOR, TRAC and ICE FOIA facility columns. Expanded only as whole tokens.
const ABBREVIATIONS: Record<string, string> = {
  co: 'county',
  cnty: 'county',
  cty: 'county',
  par: 'parish',
  twp: 'township',
  twnshp: 'township',
  st: 'saint',
  ste: 'sainte',
  ft: 'fort',
  mt: 'mount',
  pt: 'point',
  vlg: 'village',
  boro: 'borough',
  hts: 'heights',
  spgs: 'springs',
  det: 'detention',
  detent: 'detention',
  ctr: 'center',
  cntr: 'center',
  corr: 'correctional',
  correc: 'correctional',
  dept: 'department',
  fac: 'facility',
  faci: 'facility',
  inst: 'institution',
  reg: 'regional',
  adlt: 'adult',
};

/** Lower-case ASCII tokens with punctuation removed (no abbreviation expansion). */
export function plainTokens(raw: string): string[] {
  // Diacritics are rare, and NFD is the slowest step of loading the gazetteer, so it runs only when needed.
  const folded = /[\u0080-\uffff]/.test(raw) ? raw.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : raw;
  const ascii = folded
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return ascii === '' ? [] : ascii.split(' ');
}

/** Lower-case ASCII tokens with punctuation removed and abbreviations expanded. */
export function normalizeTokens(raw: string): string[] {
  return expandAbbreviations(plainTokens(raw));
}

export function expandAbbreviations(tokens: string[]): string[] {
  const out = new Array<string>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // "St" as the last token is a street, never a saint ("Main St").
    out[i] =
      t === 'st' && i === tokens.length - 1 ? t : Object.hasOwn(ABBREVIATIONS, t) ? ABBREVIATIONS[t] : t;
  }
  return out;
}

export function normalizeName(raw: string): string {
  return normalizeTokens(raw).join(' ');
}

/** URL-safe slug used in facility ids ("facility:CA:santa-rita-jail"). */
export function slugify(raw: string): string {
  return normalizeTokens(raw).join('-');
}

/**
 * Damerau-Levenshtein (optimal string alignment) distance, giving up once it exceeds `max`; returns max + 1 then.
 * Bounded because the resolver only ever asks "is this within one or two edits".
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prevPrev[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n] > max ? max + 1 : prev[n];
}

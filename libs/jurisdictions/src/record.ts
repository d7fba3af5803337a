/**
 * One gazetteer row as shipped in data/gazetteer.tsv. The file is produced by scripts/regenerate-gazetteer.ts from the
 * Census files; this module only defines the row and its (de)serialisation.
 */
export type GazetteerKind = 'state' | 'county' | 'incorporated' | 'cdp' | 'cousub';

export interface GazetteerRecord {
  kind: GazetteerKind;
  /** 2 digits (state), 5 (county), 7 (place) or 10 (county subdivision: state+county+cousub). */
  fips: string;
  usps: string;
  name: string;
  /** County of a place or town (the first one when it spans several), state of a county, null for a state. */
  parentFips: string | null;
  /** Census functional status: A active government, C coextensive/consolidated, S statistical, ... */
  funcStat: string | null;
  population: number | null;
  /** Where the population figure comes from, e.g. "census-gaz-2010", "census-subest-2019", "trendct-2013". */
  populationSource: string | null;
}

const KINDS: ReadonlySet<string> = new Set(['state', 'county', 'incorporated', 'cdp', 'cousub']);
const FIPS_WIDTH: Record<GazetteerKind, number> = {
  state: 2,
  county: 5,
  incorporated: 7,
  cdp: 7,
  cousub: 10,
};
export const GAZETTEER_COLUMNS = [
  'kind',
  'fips',
  'usps',
  'name',
  'parentFips',
  'funcStat',
  'population',
  'populationSource',
];

export function formatRecord(r: GazetteerRecord): string {
  return [
    r.kind,
    r.fips,
    r.usps,
    r.name,
    r.parentFips ?? '',
    r.funcStat ?? '',
    r.population ?? '',
    r.populationSource ?? '',
  ]
    .map(String)
    .join('\t');
}

export class GazetteerFormatError extends Error {
  constructor(source: string, line: number, problem: string) {
    super(`${source}, line ${line}: ${problem}`);
    this.name = 'GazetteerFormatError';
  }
}

/** Parses the TSV body; lines starting with "#" are provenance comments, the first other line is the header. */
export function parseRecords(text: string, source: string): GazetteerRecord[] {
  const out: GazetteerRecord[] = [];
  let headerSeen = false;
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const line = rows[i];
    if (line === '' || line.startsWith('#')) continue;
    const c = line.split('\t');
    if (!headerSeen) {
      if (c.join(',') !== GAZETTEER_COLUMNS.join(',')) {
        throw new GazetteerFormatError(source, i + 1, `expected header ${GAZETTEER_COLUMNS.join(' ')}`);
      }
      headerSeen = true;
      continue;
    }
    if (c.length !== GAZETTEER_COLUMNS.length) {
      throw new GazetteerFormatError(
        source,
        i + 1,
        `expected ${GAZETTEER_COLUMNS.length} columns, got ${c.length}`,
      );
    }
    const kind = c[0];
    if (!KINDS.has(kind)) throw new GazetteerFormatError(source, i + 1, `unknown kind "${kind}"`);
    const k = kind as GazetteerKind;
    if (!/^\d+$/.test(c[1]) || c[1].length !== FIPS_WIDTH[k]) {
      throw new GazetteerFormatError(
        source,
        i + 1,
        `a ${k} needs a ${FIPS_WIDTH[k]}-digit FIPS code, got "${c[1]}"`,
      );
    }
    const pop = c[6] === '' ? null : Number(c[6]);
    if (pop !== null && !Number.isInteger(pop)) {
      throw new GazetteerFormatError(source, i + 1, `population is not an integer: "${c[6]}"`);
    }
    out.push({
      kind: k,
      fips: c[1],
      usps: c[2],
      name: c[3],
      parentFips: c[4] || null,
      funcStat: c[5] || null,
      population: pop,
      populationSource: c[7] || null,
    });
  }
  if (!headerSeen) throw new GazetteerFormatError(source, 1, 'no header line');
  return out;
}

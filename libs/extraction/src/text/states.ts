import { normalizeLabel } from './normalize';

/** USPS codes with full names and the abbreviations (AP / GPO style) that reports print. */
const STATES: readonly [code: string, name: string, ...abbreviations: string[]][] = [
  ['AL', 'Alabama', 'Ala'],
  ['AK', 'Alaska'],
  ['AZ', 'Arizona', 'Ariz'],
  ['AR', 'Arkansas', 'Ark'],
  ['CA', 'California', 'Calif', 'Cal'],
  ['CO', 'Colorado', 'Colo'],
  ['CT', 'Connecticut', 'Conn'],
  ['DE', 'Delaware', 'Del'],
  ['DC', 'District of Columbia', 'D C', 'Washington D C'],
  ['FL', 'Florida', 'Fla'],
  ['GA', 'Georgia', 'Ga'],
  ['HI', 'Hawaii'],
  ['ID', 'Idaho'],
  ['IL', 'Illinois', 'Ill'],
  ['IN', 'Indiana', 'Ind'],
  ['IA', 'Iowa'],
  ['KS', 'Kansas', 'Kan', 'Kans'],
  ['KY', 'Kentucky', 'Ky'],
  ['LA', 'Louisiana'],
  ['ME', 'Maine'],
  ['MD', 'Maryland', 'Md'],
  ['MA', 'Massachusetts', 'Mass'],
  ['MI', 'Michigan', 'Mich'],
  ['MN', 'Minnesota', 'Minn'],
  ['MS', 'Mississippi', 'Miss'],
  ['MO', 'Missouri', 'Mo'],
  ['MT', 'Montana', 'Mont'],
  ['NE', 'Nebraska', 'Neb', 'Nebr'],
  ['NV', 'Nevada', 'Nev'],
  ['NH', 'New Hampshire', 'N H'],
  ['NJ', 'New Jersey', 'N J'],
  ['NM', 'New Mexico', 'N M', 'N Mex'],
  ['NY', 'New York', 'N Y'],
  ['NC', 'North Carolina', 'N C'],
  ['ND', 'North Dakota', 'N D', 'N Dak'],
  ['OH', 'Ohio'],
  ['OK', 'Oklahoma', 'Okla'],
  ['OR', 'Oregon', 'Ore', 'Oreg'],
  ['PA', 'Pennsylvania', 'Pa', 'Penn', 'Penna'],
  ['RI', 'Rhode Island', 'R I'],
  ['SC', 'South Carolina', 'S C'],
  ['SD', 'South Dakota', 'S D', 'S Dak'],
  ['TN', 'Tennessee', 'Tenn'],
  ['TX', 'Texas', 'Tex'],
  ['UT', 'Utah'],
  ['VT', 'Vermont', 'Vt'],
  ['VA', 'Virginia', 'Va'],
  ['WA', 'Washington', 'Wash'],
  ['WV', 'West Virginia', 'W Va'],
  ['WI', 'Wisconsin', 'Wis', 'Wisc'],
  ['WY', 'Wyoming', 'Wyo'],
  ['PR', 'Puerto Rico', 'P R'],
  ['GU', 'Guam'],
  ['VI', 'U S Virgin Islands', 'Virgin Islands'],
  ['AS', 'American Samoa'],
  ['MP', 'Northern Mariana Islands', 'N Mariana Islands'],
];

const BY_LABEL = new Map<string, string>();
for (const [code, ...names] of STATES) {
  BY_LABEL.set(code.toLowerCase(), code);
  for (const name of names) BY_LABEL.set(normalizeLabel(name), code);
}

/**
 * Placeholder for a state the report prints in a form no one can map to a USPS code. The contract requires two
 * capital letters and rows are never dropped, so such a row carries "XX" (not a USPS code, so downstream resolution
 * fails loudly instead of guessing) and an UNKNOWN_STATE warning quoting what was printed.
 */
export const UNKNOWN_STATE = 'XX';

/** USPS code for a printed state name or abbreviation ("Texas", "Tex.", "TX", "tx"); null when unknown. */
export function toUspsCode(printed: string): string | null {
  return BY_LABEL.get(normalizeLabel(printed)) ?? null;
}

/** A trailing ", Texas" / ", TX" / " TX" in a place name, e.g. in Section I's "Travis County, TX". */
export function trailingState(text: string): { code: string; rest: string } | null {
  const words = text.trim().split(/\s+/);
  for (let take = Math.min(4, words.length - 1); take >= 1; take--) {
    const tail = words.slice(-take).join(' ');
    const code = toUspsCode(tail);
    // A bare two-letter word must be written in capitals to count as a code ("Pa" in a name is not Pennsylvania).
    if (code && (take > 1 || tail.length > 3 || /^[A-Z]{2}\.?$/.test(tail))) {
      const rest = words
        .slice(0, -take)
        .join(' ')
        .replace(/[,\s]+$/, '');
      if (rest !== '') return { code, rest };
    }
  }
  return null;
}

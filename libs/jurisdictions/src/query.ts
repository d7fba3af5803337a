import type { Gazetteer, GazetteerEntry } from './gazetteer';
import { boundedEditDistance, plainTokens } from './normalize';

/** A raw name split into the part that names the jurisdiction and the state it says it is in. */
export interface ParsedQuery {
  /** The name without the trailing state, AOR and ZIP code, as written. */
  head: string;
  state: GazetteerEntry | null;
  /** The state was matched by edit distance ("lowa"), not exactly. */
  stateFuzzy: boolean;
}

const MAX_STATE_WORDS = 4; // "District of Columbia", "Commonwealth of the Northern Mariana Islands" is found by name

/**
 * Strips what is not part of the name: a trailing bracketed ICE area of responsibility ("(San Antonio)"), a ZIP code,
 * then the state after the last comma or period ("East Haven. Connecticut"), or as trailing words ("Clark County NV").
 */
export function parseQuery(raw: string, gaz: Gazetteer): ParsedQuery {
  let text = raw
    .trim()
    .replace(/\s*\([^()]*\)\s*$/, '')
    .replace(/[\s,]+\d{5}(-\d{4})?$/, '')
    .trim();
  const sep = Math.max(text.lastIndexOf(','), text.search(/\.\s+[A-Za-z]+(\s+[A-Za-z]+)*\s*$/));
  if (sep > 0) {
    const tail = text.slice(sep + 1).trim();
    const st = stateOf(tail, gaz, true);
    if (st) return { head: text.slice(0, sep).trim(), state: st.entry, stateFuzzy: st.fuzzy };
  }
  text = text.replace(/[\s,.]+$/, '');
  const words = text.split(/[\s,]+/);
  for (let n = Math.min(MAX_STATE_WORDS, words.length - 1); n >= 1; n--) {
    const tail = words.slice(-n).join(' ');
    const allCaps = text === text.toUpperCase();
    // In an all-caps facility name a bare two-letter tail is more often an abbreviation ("SAN MATEO CO") than a state.
    if (n === 1 && /^[A-Z]{2}$/.test(tail) && allCaps) continue;
    const st = stateOf(tail, gaz, false);
    if (st) return { head: words.slice(0, -n).join(' '), state: st.entry, stateFuzzy: false };
  }
  return { head: text, state: null, stateFuzzy: false };
}

/** A state from its USPS code (upper case as written) or its name; a name one edit away is accepted when fuzzy. */
export function stateOf(
  text: string,
  gaz: Gazetteer,
  fuzzy: boolean,
): { entry: GazetteerEntry; fuzzy: boolean } | undefined {
  const t = text.trim().replace(/\.$/, '');
  if (/^[A-Z]{2}$/.test(t) || /^[A-Z]\.[A-Z]\.?$/.test(t)) {
    const e = gaz.state(t.replace(/\./g, ''));
    return e ? { entry: e, fuzzy: false } : undefined;
  }
  // Fast path: most tails tried are plain words that are no state; skip tokenising them.
  if (!fuzzy && /^[A-Za-z]+( [A-Za-z]+)*$/.test(t)) {
    const lower = t.toLowerCase();
    if (!/^(state|commonwealth) of /.test(lower)) {
      const e = lower.length > 2 ? gaz.state(lower) : undefined;
      return e ? { entry: e, fuzzy: false } : undefined;
    }
  }
  const key = plainTokens(t)
    .filter((w, i, all) => !(i === 0 && all.length > 1 && (w === 'state' || w === 'commonwealth')))
    .join(' ')
    .replace(/^of /, '');
  const exact = gaz.state(key);
  if (exact && !/^[a-z]{2}$/.test(key)) return { entry: exact, fuzzy: false };
  if (!fuzzy || key.length < 4) return undefined;
  let best: GazetteerEntry | undefined;
  let bestD = 2;
  let ties = 0;
  for (const s of gaz.states()) {
    const d = boundedEditDistance(key, plainTokens(s.entity.name).join(' '), 1);
    if (d < bestD) [best, bestD, ties] = [s, d, 0];
    else if (d === bestD) ties++;
  }
  return best && ties === 0 ? { entry: best, fuzzy: true } : undefined;
}

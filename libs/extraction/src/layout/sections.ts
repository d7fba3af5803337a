import type { Line } from './types';

export type SectionName = 'I' | 'II' | 'III' | 'IV';
export const SECTION_NAMES: readonly SectionName[] = ['I', 'II', 'III', 'IV'];

/**
 * Heading wordings seen across issues, matched on the start of a line (optionally after "Section II:" or "II."),
 * so the same words inside a sentence do not count. Section titles wrap, so a line is read together with the next two.
 */
const HEADINGS: Record<SectionName, RegExp> = {
  I: /^highest\s+volume\s+of\s+detainers\s+issued\b/i,
  II: /^jurisdictions\s+with\s+recorded\s+declined\s+detainers\b/i,
  III: /^(?:table\s+of\s+)?jurisdictions\s+that\s+have\s+enacted\s+policies\b/i,
  IV: /^report\s+scope\s+and\s+data\s+fidelity\b/i,
};
const SECTION_PREFIX = /^(?:section\s+)?(?:I{1,3}|IV)\s*[:.\u2013\u2014-]\s*/i;

/** Titles at most this many lines apart, on one page, form a list when at least three sections are in it. */
const LIST_DISTANCE = 3;
const LIST_MIN_SECTIONS = 3;

export interface HeadingMatch {
  section: SectionName;
  /** index of the heading's first line */
  line: number;
  /** number of lines the heading's text takes */
  span: number;
}

function headingAt(lines: readonly Line[], i: number): HeadingMatch | null {
  const first = lines[i].text.replace(SECTION_PREFIX, '');
  for (const section of SECTION_NAMES) {
    const match = HEADINGS[section].exec(first);
    if (match) return { section, line: i, span: 1 };
  }
  // The key words themselves may wrap onto the next line ("Highest Volume of" / "Detainers Issued ...").
  const joined: string[] = [first];
  for (let k = i + 1; k < Math.min(lines.length, i + 3) && lines[k].page === lines[i].page; k++) {
    joined.push(lines[k].text);
    const text = joined.join(' ');
    for (const section of SECTION_NAMES) {
      const match = HEADINGS[section].exec(text);
      if (match && match[0].length > first.length) return { section, line: i, span: joined.length };
    }
  }
  return null;
}

/** Every line that starts with a section title's wording, in document order. */
export function findHeadingCandidates(lines: readonly Line[]): HeadingMatch[] {
  const found: HeadingMatch[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = headingAt(lines, i);
    if (match) {
      found.push(match);
      i += match.span - 1;
    }
  }
  return found;
}

export interface SectionStarts {
  /** index of the heading line of each section found; the section's content follows the heading */
  start: Partial<Record<SectionName, HeadingMatch>>;
  /** headings that were entries of the page-1 list of sections, or repeats on continuation pages */
  ignored: HeadingMatch[];
}

/**
 * Picks the real section headings. Page 1 lists the section titles one after another; a real heading is followed
 * by its content, so titles of three or more sections each within a few lines of the next are a list. After that,
 * the first heading of each section in document order (in the order I, II, III, IV) starts it, and later ones (a
 * heading repeated on a continuation page) are ignored.
 */
export function locateSections(lines: readonly Line[]): SectionStarts {
  const candidates = findHeadingCandidates(lines);
  const listEntry = new Set<HeadingMatch>();
  for (let k = 0; k < candidates.length;) {
    let end = k + 1;
    while (end < candidates.length) {
      const prev = candidates[end - 1];
      const next = candidates[end];
      const gap = next.line - (prev.line + prev.span);
      const repeats = candidates.slice(k, end).some((c) => c.section === next.section);
      if (lines[next.line].page !== lines[prev.line].page || gap > LIST_DISTANCE || repeats) break;
      end++;
    }
    const cluster = candidates.slice(k, end);
    if (new Set(cluster.map((c) => c.section)).size >= LIST_MIN_SECTIONS)
      cluster.forEach((c) => listEntry.add(c));
    k = end;
  }
  const start: SectionStarts['start'] = {};
  const ignored: HeadingMatch[] = [];
  let lastOrder = -1;
  for (const c of candidates) {
    const order = SECTION_NAMES.indexOf(c.section);
    if (listEntry.has(c) || start[c.section] || order < lastOrder) {
      ignored.push(c);
      continue;
    }
    start[c.section] = c;
    lastOrder = order;
  }
  return { start, ignored };
}

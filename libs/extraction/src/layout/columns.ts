import { normalizeLabel } from '../text/normalize';
import type { Line, TextRun } from './types';

/**
 * How a table's header names one of its fields. A header cell's text (wrapped lines joined, normalized to lower-case
 * words) names the field when it contains one of `anyOf` and no word outside `allowed`: "Date Detainer Issued",
 * "Detainer Issued (Date)" and "Detainer Issued" all name the issued date, whatever order the columns come in.
 */
export interface FieldSpec<F extends string> {
  field: F;
  anyOf: readonly string[];
  allowed: readonly string[];
}

export interface Column<F extends string> {
  field: F | null;
  /** header text as printed */
  label: string;
  /** left and right boundary: text whose centre falls between them belongs to the column */
  left: number;
  right: number;
}

export interface ColumnModel<F extends string> {
  columns: Column<F>[];
}

/** A word of a line, with its approximate extent (a run's width shared out by character count). */
export interface Word {
  text: string;
  x0: number;
  x1: number;
}

export function runWords(run: TextRun): Word[] {
  const perChar = run.width / Math.max(1, run.text.length);
  const words: Word[] = [];
  for (const match of run.text.matchAll(/\S+/g)) {
    const start = run.x + (match.index ?? 0) * perChar;
    words.push({ text: match[0], x0: start, x1: start + match[0].length * perChar });
  }
  return words;
}

function tokens(text: string): string[] {
  return normalizeLabel(text).split(' ').filter(Boolean);
}

export function matchField<F extends string>(text: string, specs: readonly FieldSpec<F>[]): F | null {
  const words = tokens(text);
  if (words.length === 0) return null;
  for (const spec of specs) {
    if (words.some((w) => spec.anyOf.includes(w)) && words.every((w) => spec.allowed.includes(w)))
      return spec.field;
  }
  return null;
}

/** Every word a header of these specs may contain; asked for each line of a section, so built once per specs. */
const vocabularies = new WeakMap<readonly FieldSpec<string>[], ReadonlySet<string>>();
function vocabularyOf(specs: readonly FieldSpec<string>[]): ReadonlySet<string> {
  let vocabulary = vocabularies.get(specs);
  if (!vocabulary) {
    vocabulary = new Set(specs.flatMap((s) => s.allowed));
    vocabularies.set(specs, vocabulary);
  }
  return vocabulary;
}

/** The fields whose words appear in a line, if every word of the line is header vocabulary. */
export function headerFieldsIn<F extends string>(line: Line, specs: readonly FieldSpec<F>[]): Set<F> | null {
  const vocabulary = vocabularyOf(specs);
  const words = tokens(line.text);
  if (words.length === 0 || !words.every((w) => vocabulary.has(w))) return null;
  return new Set(specs.filter((s) => words.some((w) => s.anyOf.includes(w))).map((s) => s.field));
}

interface Cluster {
  x0: number;
  x1: number;
  /** words with the line they came from, to read a wrapped header top to bottom */
  words: { line: number; word: Word }[];
}

function clusterText(c: Cluster): string {
  return [...c.words]
    .sort((a, b) => a.line - b.line || a.word.x0 - b.word.x0)
    .map((w) => w.word.text)
    .join(' ');
}

/** Intervals covered by data text, to tell a gap between two columns from a space inside one header cell. */
function crossed(gapLeft: number, gapRight: number, data: readonly Word[][]): boolean {
  return data.some((words) => words.some((w) => w.x0 < gapLeft && w.x1 > gapRight));
}

/**
 * Builds the column model from the header block's text. Header words that overlap horizontally across the header's
 * lines are one cell (a wrapped label); neighbouring cells are joined when table text runs across the gap between
 * them (words of one label) or when only their union names a field. Boundaries are put in the emptiest vertical strip
 * between neighbouring labels, so centred and left-aligned headers both work.
 */
export function buildColumnModel<F extends string>(
  header: readonly Line[],
  body: readonly Line[],
  specs: readonly FieldSpec<F>[],
): ColumnModel<F> {
  const bodyWords = body.map((l) => l.runs.flatMap(runWords));
  const headerWords = header.flatMap((l, line) => l.runs.flatMap(runWords).map((word) => ({ line, word })));
  headerWords.sort((a, b) => a.word.x0 - b.word.x0);
  let clusters: Cluster[] = [];
  for (const w of headerWords) {
    const last = clusters[clusters.length - 1];
    if (last && w.word.x0 < last.x1) {
      last.x1 = Math.max(last.x1, w.word.x1);
      last.words.push(w);
    } else {
      clusters.push({ x0: w.word.x0, x1: w.word.x1, words: [w] });
    }
  }
  clusters = mergeWhere(clusters, (a, b) => crossed(a.x1, b.x0, bodyWords));
  const groups = labelGroups(clusters, specs);
  const columns: Column<F>[] = groups.map((g) => ({
    field: g.field,
    label: clusterText(g.cluster),
    left: g.cluster.x0,
    right: g.cluster.x1,
  }));
  const covered = [...bodyWords, ...header.map((l) => l.runs.flatMap(runWords))];
  for (let i = 0; i + 1 < columns.length; i++) {
    const a = groups[i].cluster;
    const b = groups[i + 1].cluster;
    const boundary = emptiestStrip((a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2, covered);
    columns[i].right = boundary;
    columns[i + 1].left = boundary;
  }
  if (columns.length > 0) {
    columns[0].left = -Infinity;
    columns[columns.length - 1].right = Infinity;
  }
  return { columns };
}

function mergeWhere(clusters: Cluster[], join: (a: Cluster, b: Cluster) => boolean): Cluster[] {
  const out: Cluster[] = [];
  for (const c of clusters) {
    const last = out[out.length - 1];
    if (last && join(last, c)) {
      out[out.length - 1] = { x0: last.x0, x1: Math.max(last.x1, c.x1), words: [...last.words, ...c.words] };
    } else {
      out.push(c);
    }
  }
  return out;
}

/** Left to right, the longest run of neighbouring clusters whose text names a field not yet taken. */
function labelGroups<F extends string>(
  clusters: Cluster[],
  specs: readonly FieldSpec<F>[],
): { cluster: Cluster; field: F | null }[] {
  const taken = new Set<F>();
  const out: { cluster: Cluster; field: F | null }[] = [];
  for (let i = 0; i < clusters.length;) {
    let best: { end: number; field: F } | null = null;
    for (let end = Math.min(clusters.length, i + 6); end > i; end--) {
      const merged = mergeWhere(clusters.slice(i, end), () => true)[0];
      const field = matchField(clusterText(merged), specs);
      if (field !== null && !taken.has(field)) {
        best = { end, field };
        break;
      }
    }
    if (best) {
      taken.add(best.field);
      out.push({ cluster: mergeWhere(clusters.slice(i, best.end), () => true)[0], field: best.field });
      i = best.end;
    } else {
      out.push({ cluster: clusters[i], field: null });
      i++;
    }
  }
  return out;
}

/** The middle of the widest strip in [from, to] crossed by the fewest words. */
function emptiestStrip(from: number, to: number, lines: readonly Word[][]): number {
  const edges = new Set<number>([from, to]);
  // A word crosses a point when it starts before it and ends after it, which only a word with x0 < x1 can do; among
  // those, every word that ends at or before the point also starts before it. So the words crossing a point are
  // those starting before it less those ending at or before it: two binary searches in sorted lists per point,
  // where counting word by word cost points x words on every page.
  const starts: number[] = [];
  const ends: number[] = [];
  for (const words of lines) {
    for (const w of words) {
      if (w.x0 > from && w.x0 < to) edges.add(w.x0);
      if (w.x1 > from && w.x1 < to) edges.add(w.x1);
      if (w.x0 < w.x1 && w.x0 < to && w.x1 > from) {
        starts.push(w.x0);
        ends.push(w.x1);
      }
    }
  }
  const byValue = (a: number, b: number) => a - b;
  starts.sort(byValue);
  ends.sort(byValue);
  const xs = [...edges].sort(byValue);
  let best = { count: Infinity, width: -1, mid: (from + to) / 2 };
  for (let k = 0; k + 1 < xs.length; k++) {
    const mid = (xs[k] + xs[k + 1]) / 2;
    const width = xs[k + 1] - xs[k];
    const count = countBelow(starts, mid, false) - countBelow(ends, mid, true);
    if (count < best.count || (count === best.count && width > best.width)) best = { count, width, mid };
  }
  return best.mid;
}

/** How many values of the ascending list are below x (or equal to it, with `orEqual`). */
function countBelow(sorted: readonly number[], x: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] < x || (orEqual && sorted[m] === x)) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** The text of each column on one line; a run that straddles a boundary is split between words. */
export function lineCells<F extends string>(line: Line, model: ColumnModel<F>): string[] {
  const cells: string[][] = model.columns.map(() => []);
  const place = (x0: number, x1: number, text: string) => {
    const centre = (x0 + x1) / 2;
    const k = model.columns.findIndex((c) => centre >= c.left && centre < c.right);
    if (k >= 0) cells[k].push(text);
  };
  for (const run of line.runs) {
    const k = model.columns.findIndex((c) => run.x >= c.left - 0.5 && run.x + run.width <= c.right + 0.5);
    if (k >= 0) cells[k].push(run.text);
    else for (const w of runWords(run)) place(w.x0, w.x1, w.text);
  }
  return cells.map((parts) => parts.join(' '));
}

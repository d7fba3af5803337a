import { buildColumnModel, headerFieldsIn, lineCells, type ColumnModel, type FieldSpec } from './columns';
import type { Line } from './types';

/** A table row as printed: per field, the cell's lines top to bottom. */
export interface RawRow<F extends string> {
  page: number;
  cells: Partial<Record<F, string[]>>;
  /** a header column whose label names no known field; its text is kept out of the neighbouring cells */
  unmatchedText: string[];
}

export interface TableRead<F extends string> {
  rows: RawRow<F>[];
  /** lines before the first header row (a section's sentence or preamble) */
  preface: Line[];
  /** the column model of each header row found, with the page it is on */
  models: { page: number; model: ColumnModel<F> }[];
}

/** Lines of text below a header used to place column boundaries; more adds time, not accuracy. */
const MODEL_SAMPLE_LINES = 150;
/** Line spacing inside a cell, in ems, is at most this. */
const MAX_LEADING = 1.25;
/** A vertical step this much larger than a line step inside a cell is the padding between two rows. */
const ROW_GAP_FACTOR = 1.3;
/** A header's wrapped lines are a line step apart; the first body line is further down (cell padding). */
const HEADER_LINE_EMS = MAX_LEADING * ROW_GAP_FACTOR;

function headerBlockAt<F extends string>(
  lines: readonly Line[],
  i: number,
  fieldsAt: (k: number) => Set<F> | null,
): number {
  const fields = fieldsAt(i);
  if (!fields) return 0;
  // The line that names two fields anchors the block; the wrapped parts of labels sit just above or below it.
  let end = i + 1;
  const all = new Set(fields);
  while (
    end < lines.length &&
    lines[end].page === lines[i].page &&
    lines[end].y - lines[end - 1].y <= HEADER_LINE_EMS * lines[end - 1].fontSize
  ) {
    const more = fieldsAt(end);
    if (!more) break;
    more.forEach((f) => all.add(f));
    end++;
  }
  return all.size >= 2 ? end - i : 0;
}

interface TableLine {
  line: Line;
  cells: string[];
  /** first line after a page break or a repeated header */
  pageStart: boolean;
  model: ColumnModel<string>;
}

/**
 * Reads the tables of one section: header rows give the column model (a header repeated on a later page replaces it;
 * a page without a header keeps the last one), each line's text goes to the columns, and lines are grouped into rows.
 * A new row starts where the vertical step is the padding between rows rather than a line step inside a cell, or
 * where a line has text in a column that always holds one line per row (dates, codes); the first line of a page
 * continues the row split by the page break unless it has text in such a column.
 */
export function readTable<F extends string>(
  lines: readonly Line[],
  specs: readonly FieldSpec<F>[],
): TableRead<F> {
  const preface: Line[] = [];
  const models: TableRead<F>['models'] = [];
  const body: TableLine[] = [];
  let model: ColumnModel<F> | null = null;
  let pageStart = true;
  // Each line is asked whether a header starts there by the main loop and by the sample scan after the header
  // before it; both are answered once.
  const fields: (Set<F> | null | undefined)[] = [];
  const fieldsAt = (k: number) => (fields[k] ??= headerFieldsIn(lines[k], specs));
  const spans: (number | undefined)[] = [];
  const headerSpanAt = (k: number) => (spans[k] ??= headerBlockAt(lines, k, fieldsAt));
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && lines[i].page !== lines[i - 1].page) pageStart = true;
    const span = headerSpanAt(i);
    if (span > 0) {
      const header = lines.slice(i, i + span);
      const sample: Line[] = [];
      for (let k = i + span; k < lines.length && sample.length < MODEL_SAMPLE_LINES; k++) {
        if (headerSpanAt(k) > 0) break;
        sample.push(lines[k]);
      }
      model = buildColumnModel(header, sample, specs);
      models.push({ page: lines[i].page, model });
      pageStart = true;
      i += span - 1;
      continue;
    }
    if (!model) {
      preface.push(lines[i]);
      continue;
    }
    body.push({ line: lines[i], cells: lineCells(lines[i], model), pageStart, model });
    pageStart = false;
  }
  return { rows: groupRows<F>(body), preface, models };
}

function lineStep(body: readonly TableLine[]): number {
  const steps: number[] = [];
  for (let k = 1; k < body.length; k++) {
    if (!body[k].pageStart) steps.push(body[k].line.y - body[k - 1].line.y);
  }
  if (steps.length === 0) return Infinity;
  steps.sort((a, b) => a - b);
  // The smallest step that recurs: a one-off tiny step (a sub- or superscript) is not the leading.
  const tolerance = 0.5;
  for (let k = 0; k + 1 < steps.length; k++) if (steps[k + 1] - steps[k] <= tolerance) return steps[k + 1];
  return steps[0];
}

function segment(body: readonly TableLine[], startsRow: (k: number) => boolean): TableLine[][] {
  const rows: TableLine[][] = [];
  body.forEach((entry, k) => {
    if (rows.length === 0 || startsRow(k)) rows.push([entry]);
    else rows[rows.length - 1].push(entry);
  });
  return rows;
}

/** Columns that hold exactly one line in every row they appear in, and appear in most rows. */
function anchorColumns(rows: readonly TableLine[][]): Set<string> {
  const lineCount = new Map<string, number[]>();
  for (const row of rows) {
    const counts = new Map<string, number>();
    for (const entry of row) {
      entry.cells.forEach((text, k) => {
        const label = entry.model.columns[k].label;
        if (text !== '') counts.set(label, (counts.get(label) ?? 0) + 1);
      });
    }
    counts.forEach((n, label) => lineCount.set(label, [...(lineCount.get(label) ?? []), n]));
  }
  const anchors = new Set<string>();
  lineCount.forEach((counts, label) => {
    if (counts.length >= Math.max(1, rows.length * 0.5) && counts.every((n) => n === 1)) anchors.add(label);
  });
  return anchors;
}

/**
 * Columns that have text on the first line of nearly every row (rows not starting a page, so a split row's tail does
 * not count): a page's first line without text in all of them continues the row split by the page break.
 */
function leadingColumns(rows: readonly TableLine[][], body: readonly TableLine[]): Set<string> {
  const inner = rows.filter((r) => !r[0].pageStart);
  const hits = new Map<string, number>();
  for (const row of inner) {
    row[0].cells.forEach((text, c) => {
      const label = row[0].model.columns[c].label;
      if (text !== '') hits.set(label, (hits.get(label) ?? 0) + 1);
    });
  }
  const leading = new Set<string>();
  if (inner.length < 3 || body.length === 0) return leading;
  hits.forEach((n, label) => {
    if (n >= inner.length * 0.9) leading.add(label);
  });
  return leading;
}

function groupRows<F extends string>(body: readonly TableLine[]): RawRow<F>[] {
  const step = lineStep(body);
  // When every row is one line, the smallest step is already the row pitch; a line step inside a cell is at most
  // MAX_LEADING ems, so a larger step is a row boundary whatever the smallest step was.
  const rowGap = (k: number) =>
    Math.min(step * ROW_GAP_FACTOR, body[k].line.fontSize * MAX_LEADING * ROW_GAP_FACTOR);
  const gapStarts = (k: number) => body[k].pageStart || body[k].line.y - body[k - 1].line.y > rowGap(k);
  const anchors = anchorColumns(segment(body, gapStarts));
  const hasAnchor = (k: number) =>
    body[k].cells.some((text, c) => text !== '' && anchors.has(body[k].model.columns[c].label));
  const leading = leadingColumns(segment(body, gapStarts), body);
  const hasLeading = (k: number) =>
    body[k].model.columns.every((col, c) => !leading.has(col.label) || body[k].cells[c] !== '');
  const rows = segment(body, (k) => {
    if (body[k].pageStart) return (anchors.size === 0 || hasAnchor(k)) && hasLeading(k);
    return gapStarts(k) || hasAnchor(k);
  });
  return rows.map((entries) => {
    const cells: Partial<Record<F, string[]>> = {};
    const unmatchedText: string[] = [];
    for (const entry of entries) {
      entry.cells.forEach((text, c) => {
        if (text === '') return;
        const field = entry.model.columns[c].field as F | null;
        if (field === null) unmatchedText.push(text);
        else (cells[field] ??= []).push(text);
      });
    }
    return { page: entries[0].line.page, cells, unmatchedText };
  });
}

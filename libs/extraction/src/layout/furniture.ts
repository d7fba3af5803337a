import { normalizeLabel } from '../text/normalize';
import type { Line } from './types';

/** Lines at each end of a page that may be running headers, footers or page numbers. */
const EDGE_LINES = 2;
/** A line repeated at the same place on at least this share of pages (and on two pages at least) is furniture. */
const REPEAT_SHARE = 0.2;
const SAME_PLACE_PT = 3;

function isPageNumber(text: string, page: number): boolean {
  const m =
    /^page\s+(\d+)(?:\s+of\s+\d+)?$/i.exec(text) ??
    /^[-\u2013\u2014]\s*(\d+)\s*[-\u2013\u2014]$/.exec(text) ??
    /^(\d+)(?:\s*(?:of|\/)\s*\d+)?$/.exec(text);
  return m !== null && Math.abs(Number(m[1]) - page) <= 2;
}

/** The line's text with the page number and page count blanked, so "Page 3 of 35" and "Page 4 of 35" compare equal. */
function furnitureKey(line: Line, pageCount: number): string {
  const words = normalizeLabel(line.text)
    .split(' ')
    .map((w) => (w === String(line.page) || w === String(pageCount) ? '#' : w));
  return words.join(' ');
}

/**
 * Drops page numbers, running headers and footers: lines at the top or bottom of a page that are a page number, or
 * that repeat (page numbers blanked) at the same height on many pages. Table rows are never identical on many pages;
 * a table header repeated on every page is, so header lines are kept (they carry the column model).
 */
export function stripFurniture(pages: readonly Line[][], isTableHeader: (line: Line) => boolean): Line[][] {
  const pageCount = pages.length;
  const edges = (lines: readonly Line[]) => {
    const picked = new Set<Line>();
    lines.slice(0, EDGE_LINES).forEach((l) => picked.add(l));
    lines.slice(-EDGE_LINES).forEach((l) => picked.add(l));
    return [...picked];
  };
  const seen = new Map<string, { y: number; pages: Set<number> }[]>();
  for (const lines of pages) {
    for (const line of edges(lines)) {
      const key = furnitureKey(line, pageCount);
      const places = seen.get(key) ?? [];
      const place = places.find((p) => Math.abs(p.y - line.y) <= SAME_PLACE_PT);
      if (place) place.pages.add(line.page);
      else places.push({ y: line.y, pages: new Set([line.page]) });
      seen.set(key, places);
    }
  }
  const threshold = Math.max(2, Math.ceil(pageCount * REPEAT_SHARE));
  const repeated = (line: Line) =>
    (seen.get(furnitureKey(line, pageCount)) ?? []).some(
      (p) => p.pages.size >= threshold && Math.abs(p.y - line.y) <= SAME_PLACE_PT,
    );
  return pages.map((lines) => {
    const edge = new Set(edges(lines));
    return lines.filter(
      (l) => !(edge.has(l) && !isTableHeader(l) && (isPageNumber(l.text, l.page) || repeated(l))),
    );
  });
}

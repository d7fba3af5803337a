import type { Line, TextRun } from '../layout/types';

/** A line built from cells placed at x positions, for layout tests without PDFs. */
export function line(page: number, y: number, cells: [x: number, text: string][], fontSize = 10): Line {
  const runs: TextRun[] = cells.map(([x, text]) => ({
    text,
    x,
    y,
    width: text.length * fontSize * 0.5,
    fontSize,
  }));
  const last = runs[runs.length - 1];
  return {
    page,
    y,
    fontSize,
    runs,
    text: runs.map((r) => r.text).join(' '),
    x0: runs[0].x,
    x1: last.x + last.width,
    pageHeight: 612,
  };
}

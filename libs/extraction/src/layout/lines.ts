import { normalizeWhitespace } from '../text/normalize';
import type { Line, PageText, TextRun } from './types';

/** Runs closer than this (in ems) belong to the same word: pdf.js splits words at kerning and font changes. */
const TOUCHING_EMS = 0.12;
/** Baselines closer than this (in ems of the smaller font) are on the same line. */
const SAME_LINE_EMS = 0.4;

function trimRun(run: TextRun): TextRun | null {
  const text = run.text.replace(/\s+/g, ' ');
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed === text) return run;
  // Keep the visible text's position: spread the run's width evenly over its characters.
  const perChar = run.width / Math.max(1, text.length);
  const lead = text.length - text.trimStart().length;
  return { ...run, text: trimmed, x: run.x + lead * perChar, width: trimmed.length * perChar };
}

function mergeTouching(runs: TextRun[]): TextRun[] {
  const merged: TextRun[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    const gap = last ? run.x - (last.x + last.width) : Infinity;
    if (last && gap <= TOUCHING_EMS * Math.min(last.fontSize, run.fontSize) && gap > -last.fontSize) {
      merged[merged.length - 1] = {
        text: last.text + run.text,
        x: last.x,
        y: last.y,
        width: run.x + run.width - last.x,
        fontSize: Math.max(last.fontSize, run.fontSize),
      };
    } else {
      merged.push(run);
    }
  }
  return merged;
}

function makeLine(page: PageText, runs: TextRun[]): Line {
  const ordered = mergeTouching([...runs].sort((a, b) => a.x - b.x));
  const y = ordered.reduce((sum, r) => sum + r.y, 0) / ordered.length;
  const last = ordered[ordered.length - 1];
  return {
    page: page.page,
    y,
    fontSize: Math.max(...ordered.map((r) => r.fontSize)),
    runs: ordered,
    text: normalizeWhitespace(ordered.map((r) => r.text).join(' ')),
    x0: ordered[0].x,
    x1: last.x + last.width,
    pageHeight: page.height,
  };
}

/** Groups a page's runs into lines, top to bottom. */
export function buildLines(page: PageText): Line[] {
  const runs = page.runs.map(trimRun).filter((r): r is TextRun => r !== null);
  runs.sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: Line[] = [];
  let current: TextRun[] = [];
  let anchorY = 0;
  let anchorSize = 0;
  for (const run of runs) {
    if (current.length > 0 && run.y - anchorY > SAME_LINE_EMS * Math.min(anchorSize, run.fontSize)) {
      lines.push(makeLine(page, current));
      current = [];
    }
    if (current.length === 0) {
      anchorY = run.y;
      anchorSize = run.fontSize;
    }
    current.push(run);
  }
  if (current.length > 0) lines.push(makeLine(page, current));
  return lines;
}

import { normalizeWhitespace, joinCellLines } from '../text/normalize';
import { parseTableDate } from '../text/dates';
import { UNKNOWN_STATE, toUspsCode } from '../text/states';
import type { Section, Warnings } from '../warnings';

/** Shared context for turning a table's cells into contract values. */
export interface CellContext {
  warnings: Warnings;
  section: Section;
  hyphenated: ReadonlySet<string>;
}

export function cellText(ctx: CellContext, lines: readonly string[] | undefined): string {
  return lines ? joinCellLines(lines, ctx.hyphenated) : '';
}

export function stateCode(ctx: CellContext, printed: string, where: string, page: number): string {
  const code = toUspsCode(printed);
  if (code) return code;
  ctx.warnings.add(
    'UNKNOWN_STATE',
    printed === ''
      ? `${where}: the State cell is empty; recorded as ${UNKNOWN_STATE}`
      : `${where}: "${printed}" is not a U.S. state or territory; recorded as ${UNKNOWN_STATE}`,
    ctx.section,
    page,
  );
  return UNKNOWN_STATE;
}

export function tableDate(ctx: CellContext, printed: string, column: string, where: string, page: number) {
  const text = normalizeWhitespace(printed);
  if (text === '') {
    ctx.warnings.add('MISSING_CELL', `${where}: the ${column} cell is empty`, ctx.section, page);
    return null;
  }
  const iso = parseTableDate(text);
  if (iso === null) {
    ctx.warnings.add(
      'UNPARSEABLE_DATE',
      `${where}: ${column} "${text}" is not a date in M/D/YYYY form`,
      ctx.section,
      page,
    );
  }
  return iso;
}

export function requireText(
  ctx: CellContext,
  text: string,
  column: string,
  where: string,
  page: number,
): string {
  if (text === '')
    ctx.warnings.add('MISSING_CELL', `${where}: the ${column} cell is empty`, ctx.section, page);
  return text;
}

export interface ColumnSpec {
  header: string;
  align?: 'left' | 'right';
}

/** A plain-text table; cells are never cut, so a long name widens its column instead of losing characters. */
export function textTable(columns: readonly ColumnSpec[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [render(columns.map((c) => c.header)), ...rows.map(render)].map((l) => `  ${l}\n`).join('');
}

/** An integer with thousands separators, exactly as counted. */
export const count = (n: number): string => n.toLocaleString('en-US');

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${count(n)} ${n === 1 ? one : many}`;

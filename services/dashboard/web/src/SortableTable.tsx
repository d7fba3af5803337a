import { useMemo, useState, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ReactNode;
  /** Value to sort by; null sorts last whichever the direction (an unknown is not a small number). */
  sortValue?: (row: T) => string | number | null;
  numeric?: boolean;
  className?: string;
}

interface Props<T> {
  caption: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, i: number) => string;
  initialSort?: { key: string; dir: 'ascending' | 'descending' };
  pageSize?: number;
  empty?: string;
}

/** A table with real headers; sorting by keyboard or mouse through header buttons that announce their order. */
export function SortableTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  initialSort,
  pageSize = 100,
  empty,
}: Props<T>) {
  const [sort, setSort] = useState(initialSort ?? null);
  const [shown, setShown] = useState(pageSize);
  const sorted = useMemo(() => {
    const col = columns.find((c) => c.key === sort?.key);
    if (!col?.sortValue || !sort) return rows;
    const v = col.sortValue;
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = v(a);
      const y = v(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (
        (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign
      );
    });
  }, [rows, columns, sort]);
  const toggle = (key: string) =>
    setSort((s) => ({ key, dir: s?.key === key && s.dir === 'ascending' ? 'descending' : 'ascending' }));
  return (
    <div
      className="table-wrap"
      role="region"
      aria-label={typeof caption === 'string' ? caption : undefined}
      tabIndex={0}
    >
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={c.numeric ? 'num' : undefined}
                aria-sort={sort?.key === c.key ? sort.dir : c.sortValue ? 'none' : undefined}
              >
                {c.sortValue ? (
                  <button type="button" className="sort" onClick={() => toggle(c.key)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {sort?.key === c.key ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ' ⇅'}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 && (
            <tr>
              <td colSpan={columns.length}>{empty ?? 'No rows.'}</td>
            </tr>
          )}
          {sorted.slice(0, shown).map((r, i) => (
            <tr key={rowKey(r, i)}>
              {columns.map((c, ci) =>
                ci === 0 ? (
                  <th key={c.key} scope="row" className={c.className}>
                    {c.render(r)}
                  </th>
                ) : (
                  <td
                    key={c.key}
                    className={[c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined}
                  >
                    {c.render(r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > shown && (
        <button type="button" className="more" onClick={() => setShown((n) => n + pageSize * 5)}>
          Show more rows ({sorted.length - shown} not shown)
        </button>
      )}
    </div>
  );
}

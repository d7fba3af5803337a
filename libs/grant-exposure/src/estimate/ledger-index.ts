import type { FigureStatus, GrantProgram, LedgerSource } from '@detainer-watch/contracts';
import { citationOf, type LedgerMeasure, type LedgerRow } from '../ledger/ledger-row';

/** Several sources can report the same award; for one program, year and jurisdiction only the best measure counts. */
export const MEASURE_PRECEDENCE: readonly LedgerMeasure[] = ['obligation', 'award', 'allocation', 'reported'];

/** What one cell of the ledger (a jurisdiction, program, fiscal year and basis) contributes to an exposure line. */
export interface CellFigure {
  amountCents: number;
  status: Exclude<FigureStatus, 'unknown'>;
  sources: LedgerSource[];
}

export type CellBasis = 'award' | 'passthrough';

export const cellKey = (program: GrantProgram, fiscalYear: number, basis: CellBasis): string =>
  `${program}|${fiscalYear}|${basis}`;

/**
 * Ledger rows an estimate can use (money to one attributed recipient, in one fiscal year), grouped by jurisdiction,
 * program, year and basis once, so estimating a report reads only its jurisdictions' cells. Build it once per ledger
 * and reuse it for every jurisdiction; a cell's figure and citations are worked out once, on first use.
 */
export class LedgerIndex {
  private readonly byJurisdiction = new Map<string, Map<string, LedgerRow[]>>();
  private readonly figures = new WeakMap<readonly LedgerRow[], CellFigure | null>();
  private readonly sources = new WeakMap<LedgerRow, LedgerSource>();

  constructor(rows: Iterable<LedgerRow>) {
    for (const row of rows) {
      if (row.jurisdictionId === null || row.fiscalYear === null || row.scope !== 'recipient') continue;
      let cells = this.byJurisdiction.get(row.jurisdictionId);
      if (!cells) this.byJurisdiction.set(row.jurisdictionId, (cells = new Map()));
      const key = cellKey(
        row.program,
        row.fiscalYear,
        row.measure === 'passthrough' ? 'passthrough' : 'award',
      );
      const cell = cells.get(key);
      if (cell) cell.push(row);
      else cells.set(key, [row]);
    }
  }

  get jurisdictionCount(): number {
    return this.byJurisdiction.size;
  }

  /** The figure of one cell over a jurisdiction and the ids counted as its own; null when the ledger has none. */
  figure(ids: readonly string[], key: string): CellFigure | null {
    if (ids.length === 1) {
      const cell = this.byJurisdiction.get(ids[0])?.get(key);
      if (!cell) return null;
      let figure = this.figures.get(cell);
      if (figure === undefined) this.figures.set(cell, (figure = this.compute(cell)));
      return figure;
    }
    const rows = ids.flatMap((id) => this.byJurisdiction.get(id)?.get(key) ?? []);
    return rows.length === 0 ? null : this.compute(rows);
  }

  private compute(rows: readonly LedgerRow[]): CellFigure | null {
    const chosen = chooseRows(rows);
    if (chosen.length === 0) return null;
    let amountCents = 0;
    let rounded = false;
    const sources: LedgerSource[] = [];
    for (const row of chosen) {
      amountCents += row.amountCents;
      rounded ||= row.amountStatus === 'rounded';
      sources.push(this.sourceOf(row));
    }
    return { amountCents, status: rounded ? 'rounded' : 'exact', sources };
  }

  private sourceOf(row: LedgerRow): LedgerSource {
    let source = this.sources.get(row);
    if (!source) {
      source = {
        ledgerRowId: row.id,
        citation: citationOf(row.source),
        url: row.source.url,
        note: row.source.note,
      };
      this.sources.set(row, source);
    }
    return source;
  }
}

/**
 * The rows that count in one cell: all rows of the best measure present (a pass-through cell holds only its own), and
 * for published figures just one, since several articles about one award are alternative reports of the same money:
 * the exact one when there is one, else the first in its file.
 */
function chooseRows(rows: readonly LedgerRow[]): readonly LedgerRow[] {
  if (rows[0]?.measure === 'passthrough') return rows;
  for (const measure of MEASURE_PRECEDENCE) {
    const chosen = rows.filter((row) => row.measure === measure);
    if (chosen.length === 0) continue;
    if (measure !== 'reported') return chosen;
    const ranked = [...chosen].sort(
      (a, b) =>
        Number(a.amountStatus === 'rounded') - Number(b.amountStatus === 'rounded') ||
        (a.source.line ?? 0) - (b.source.line ?? 0),
    );
    return ranked.slice(0, 1);
  }
  return [];
}

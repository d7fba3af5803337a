import type { LedgerRow } from './ledger-row';

export interface LedgerWriteResult {
  /** rows whose id was new */
  inserted: number;
  /** rows whose id was already stored (a re-import); the stored row is kept */
  alreadyPresent: number;
}

/**
 * Where importers write ledger rows, in batches. The service implements it with a repository (COPY into a staging
 * table, then INSERT … ON CONFLICT (id) DO NOTHING); tests and the CLI use {@link InMemoryLedger}.
 */
export interface LedgerSink {
  write(rows: readonly LedgerRow[]): Promise<LedgerWriteResult>;
}

/** An in-memory ledger keyed by row id, so writing the same rows twice stores them once. */
export class InMemoryLedger implements LedgerSink {
  private readonly rowsById = new Map<string, LedgerRow>();

  async write(rows: readonly LedgerRow[]): Promise<LedgerWriteResult> {
    let inserted = 0;
    for (const row of rows) {
      if (this.rowsById.has(row.id)) continue;
      this.rowsById.set(row.id, row);
      inserted += 1;
    }
    return { inserted, alreadyPresent: rows.length - inserted };
  }

  get size(): number {
    return this.rowsById.size;
  }

  get(id: string): LedgerRow | undefined {
    return this.rowsById.get(id);
  }

  rows(): LedgerRow[] {
    return [...this.rowsById.values()];
  }
}

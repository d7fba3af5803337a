import type { LedgerRow } from '@detainer-watch/grant-exposure';
import type { LedgerQuery, LedgerRepository } from './ledger.repository';

type ReadRows = LedgerRepository['rowsFor'];

interface Waiter {
  ids: ReadonlySet<string>;
  resolve(rows: LedgerRow[]): void;
  reject(error: unknown): void;
}

interface Group {
  query: Omit<LedgerQuery, 'jurisdictionIds'>;
  ids: Set<string>;
  waiters: Waiter[];
}

/**
 * Answers the ledger reads of estimates that start together with one query. The calculator estimates each
 * classified jurisdiction as its own event, many at once; asked one by one, the ledger cost a round trip per
 * jurisdiction. Reads asked in the same turn of the event loop for the same programs and fiscal years are merged
 * (up to `maxIds` jurisdictions per query) and each caller gets exactly the rows its own query would have returned,
 * in the same order. A failed query fails every read it carried.
 */
export class CoalescingLedgerReader {
  private groups = new Map<string, Group>();
  private scheduled = false;

  constructor(
    private readonly read: ReadRows,
    private readonly maxIds = 500,
  ) {}

  rowsFor(query: LedgerQuery): Promise<LedgerRow[]> {
    const key = JSON.stringify([query.programs, query.fiscalYears]);
    let group = this.groups.get(key);
    if (group && group.ids.size + query.jurisdictionIds.length > this.maxIds) {
      this.groups.delete(key);
      this.run(group);
      group = undefined;
    }
    if (!group) {
      const { programs, fiscalYears } = query;
      group = { query: { programs, fiscalYears }, ids: new Set(), waiters: [] };
      this.groups.set(key, group);
    }
    for (const id of query.jurisdictionIds) group.ids.add(id);
    const ids = new Set(query.jurisdictionIds);
    const promise = new Promise<LedgerRow[]>((resolve, reject) =>
      group.waiters.push({ ids, resolve, reject }),
    );
    if (!this.scheduled) {
      this.scheduled = true;
      // After every read the current turn asks for: a message batch from the broker starts its handlers in one turn.
      setImmediate(() => this.flush());
    }
    return promise;
  }

  private flush(): void {
    this.scheduled = false;
    const groups = [...this.groups.values()];
    this.groups = new Map();
    for (const group of groups) this.run(group);
  }

  private run(group: Group): void {
    this.read({ ...group.query, jurisdictionIds: [...group.ids] }).then(
      (rows) => {
        for (const w of group.waiters)
          w.resolve(rows.filter((r) => r.jurisdictionId !== null && w.ids.has(r.jurisdictionId)));
      },
      (error: unknown) => {
        for (const w of group.waiters) w.reject(error);
      },
    );
  }
}

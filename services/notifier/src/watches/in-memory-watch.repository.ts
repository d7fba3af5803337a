import { watchKeys } from '../matching/containment';
import type { Watch } from './watch';
import type { ConfirmationState, WatchPage, WatchRepository } from './watch.repository';

const NOT_NEEDED: ConfirmationState = { status: 'not_needed', attempts: 0, nextAt: null, error: null };

/** WatchRepository in a Map: for unit tests and the benchmark. */
export class InMemoryWatchRepository implements WatchRepository {
  private readonly watches = new Map<string, Watch>();
  private readonly confirmations = new Map<string, ConfirmationState>();

  constructor(initial: Iterable<Watch> = []) {
    for (const w of initial) this.watches.set(w.id, w);
  }

  async get(id: string): Promise<Watch | null> {
    return this.watches.get(id) ?? null;
  }

  async save(watch: Watch): Promise<void> {
    this.watches.set(watch.id, watch);
  }

  async list(page: { limit: number; offset: number }): Promise<WatchPage> {
    const all = [...this.watches.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return { watches: all.slice(page.offset, page.offset + page.limit), total: all.length };
  }

  async delete(id: string): Promise<boolean> {
    this.confirmations.delete(id);
    return this.watches.delete(id);
  }

  async findConfirmedCandidates(jurisdictionKeys: readonly string[], confirmedBy?: Date): Promise<Watch[]> {
    const wanted = new Set(jurisdictionKeys);
    return [...this.watches.values()].filter(
      (w) =>
        w.status === 'confirmed' &&
        (!confirmedBy || (w.confirmedAt !== null && Date.parse(w.confirmedAt) <= confirmedBy.getTime())) &&
        watchKeys(w.jurisdiction).some((k) => wanted.has(k)),
    );
  }

  async confirmationOf(id: string): Promise<ConfirmationState | null> {
    if (!this.watches.has(id)) return null;
    return this.confirmations.get(id) ?? NOT_NEEDED;
  }

  async setConfirmation(id: string, state: ConfirmationState): Promise<void> {
    if (this.watches.has(id)) this.confirmations.set(id, state);
  }

  async dueConfirmations(now: Date, limit: number): Promise<string[]> {
    return [...this.confirmations.entries()]
      .filter(([, c]) => c.status === 'pending' && c.nextAt !== null && c.nextAt <= now)
      .map(([id]) => id)
      .slice(0, limit);
  }
}

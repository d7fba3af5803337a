import type { Watch } from './watch';

/** Where the confirmation email of a watch stands. `not_needed` when confirmation is switched off. */
export type ConfirmationStatus = 'not_needed' | 'pending' | 'sent' | 'failed';

export interface ConfirmationState {
  status: ConfirmationStatus;
  attempts: number;
  /** when a `pending` confirmation is due (again); null otherwise */
  nextAt: Date | null;
  /** last failure, addresses redacted */
  error: string | null;
}

export interface WatchPage {
  watches: Watch[];
  total: number;
}

/** Storage of watches; the Postgres implementation is `PgWatchRepository`. */
export interface WatchRepository {
  get(id: string): Promise<Watch | null>;
  /** Inserts or replaces the watch (its confirmation state is kept). */
  save(watch: Watch): Promise<void>;
  /** Oldest first. */
  list(page: { limit: number; offset: number }): Promise<WatchPage>;
  /** Returns false when there was no such watch. */
  delete(id: string): Promise<boolean>;
  /**
   * Confirmed watches that could match one of these jurisdiction ids, directly or (for includeChildren watches) as
   * an enclosing jurisdiction. An implementation may return more (e.g. every confirmed watch); matching filters.
   * With `confirmedBy`, only watches confirmed at or before that time: a watch created after a report was complete
   * does not get that report when an old event is redelivered.
   */
  findConfirmedCandidates(jurisdictionKeys: readonly string[], confirmedBy?: Date): Promise<Watch[]>;
  confirmationOf(id: string): Promise<ConfirmationState | null>;
  setConfirmation(id: string, state: ConfirmationState): Promise<void>;
  /** Ids of watches whose confirmation email is pending and due at `now`, oldest first. */
  dueConfirmations(now: Date, limit: number): Promise<string[]>;
}

import type { Watch } from '../watches/watch';
import type { ConfirmationState } from '../watches/watch.repository';
import type { WatchView } from './watch-api.schemas';

export function watchView(w: Watch, c: ConfirmationState | null): WatchView {
  return {
    id: w.id,
    email: w.email,
    jurisdiction: w.jurisdiction,
    includeChildren: w.includeChildren,
    status: w.status,
    createdAt: w.createdAt,
    confirmedAt: w.confirmedAt,
    unsubscribedAt: w.unsubscribedAt,
    confirmation: {
      status: c?.status ?? 'not_needed',
      attempts: c?.attempts ?? 0,
      nextAttemptAt: c?.status === 'pending' && c.nextAt ? c.nextAt.toISOString() : null,
      error: c?.error ?? null,
    },
  };
}

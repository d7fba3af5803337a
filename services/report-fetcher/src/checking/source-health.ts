import { createEvent, Subjects, type EventOf } from '@detainer-watch/contracts';
import type { SourceState } from './fetcher.ports';

export const SERVICE_NAME = 'report-fetcher';

export const initialSourceState = (sourceId: string): SourceState => ({
  sourceId,
  lastCheckedAt: null,
  lastSuccessAt: null,
  lastError: null,
  lastErrorAt: null,
  consecutiveFailures: 0,
  failingSince: null,
  failingReported: false,
});

export type CheckOutcome = { ok: true } | { ok: false; reason: string };

/**
 * The source's state after a check, and the `report.fetch_failed` event the check calls for: {status: 'failing'}
 * once when the consecutive failures reach `threshold`, {status: 'recovered'} on the first success after that.
 * The event ids derive from when the run of failures began, so a replayed step never yields a second alert.
 */
export function afterCheck(
  previous: SourceState | null,
  sourceId: string,
  sourceUrl: string | null,
  outcome: CheckOutcome,
  threshold: number,
  now: Date,
): { state: SourceState; event: EventOf<typeof Subjects.ReportFetchFailed> | null } {
  const prev = previous ?? initialSourceState(sourceId);
  const at = now.toISOString();
  if (outcome.ok) {
    const state: SourceState = {
      ...prev,
      lastCheckedAt: at,
      lastSuccessAt: at,
      consecutiveFailures: 0,
      failingSince: null,
      failingReported: false,
    };
    if (!prev.failingReported) return { state, event: null };
    const event = createEvent(Subjects.ReportFetchFailed, {
      id: `report.fetch_failed:${sourceId}:${prev.failingSince}:recovered`,
      source: SERVICE_NAME,
      subject: sourceId,
      time: now,
      data: {
        schemaVersion: 1,
        sourceId,
        url: sourceUrl,
        status: 'recovered',
        reason: prev.lastError ?? 'unknown',
        consecutiveFailures: prev.consecutiveFailures,
        // The last success before the outage, so a reader sees how long the source was down.
        lastSuccessAt: prev.lastSuccessAt,
        at,
      },
    });
    return { state, event };
  }
  const failingSince = prev.failingSince ?? at;
  const consecutiveFailures = prev.consecutiveFailures + 1;
  const alert = consecutiveFailures >= threshold && !prev.failingReported;
  const state: SourceState = {
    ...prev,
    lastCheckedAt: at,
    lastError: outcome.reason,
    lastErrorAt: at,
    consecutiveFailures,
    failingSince,
    failingReported: prev.failingReported || alert,
  };
  if (!alert) return { state, event: null };
  const event = createEvent(Subjects.ReportFetchFailed, {
    id: `report.fetch_failed:${sourceId}:${failingSince}:failing`,
    source: SERVICE_NAME,
    subject: sourceId,
    time: now,
    data: {
      schemaVersion: 1,
      sourceId,
      url: sourceUrl,
      status: 'failing',
      reason: outcome.reason,
      consecutiveFailures,
      lastSuccessAt: prev.lastSuccessAt,
      at,
    },
  });
  return { state, event };
}

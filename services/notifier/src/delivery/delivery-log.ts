import type { AlertFailedV1, AlertSentV1 } from '@detainer-watch/contracts';
import type { DeliveryResult } from './mail-sender';

export type DeliveryStatus = 'sending' | 'sent' | 'failed_temporary' | 'failed_permanent';

/** One (watch, report) alert. `deliveryId` is derived from both, so the pair has exactly one record. */
export interface DeliveryRecord {
  deliveryId: string;
  watchId: string;
  reportId: string;
  jurisdictionIds: string[];
  status: DeliveryStatus;
  /** attempts over every claim, not only the last */
  attempts: number;
  /** claims that ended in a temporary failure */
  failedRuns: number;
  smtpCode: number | null;
  reason: string | null;
  messageId: string | null;
  claimedAt: string;
  updatedAt: string;
  /** when a `sending` claim expires or a temporary failure is due again; null once settled */
  nextAttemptAt: string | null;
}

export type DeliveryClaim = Pick<DeliveryRecord, 'deliveryId' | 'watchId' | 'reportId' | 'jurisdictionIds'>;

/** What a successful claim knows of earlier claims of the same delivery. */
export interface ClaimedDelivery {
  previousAttempts: number;
  previousFailedRuns: number;
}

/** The event that records the outcome; the log stores it with the outcome (Postgres: in the outbox, one transaction). */
export type AlertOutcomeEvent =
  { subject: 'alert.sent'; data: AlertSentV1 } | { subject: 'alert.failed'; data: AlertFailedV1 };

/**
 * Record of every alert, which is what makes "one email per (watch, report)" hold across redeliveries and restarts.
 *
 * `claim` must be atomic (in Postgres: INSERT ... ON CONFLICT DO UPDATE ... WHERE, in one statement). It succeeds
 * when the pair has no record, failed temporarily and is due again, or is `sending` under a claim older than
 * `leaseMs` (the process died mid-send). It fails when the pair was sent, failed for good, is not due yet, or another
 * worker holds a fresh claim.
 *
 * `complete` records the outcome and its event together, so an outcome is never recorded without its event.
 *
 * SMTP cannot make delivery exactly-once: if a process dies after the server accepted a message and before `complete`
 * is recorded, the expired claim is taken again and the message is sent again, with the same Message-ID. That is the
 * one case of a second email, chosen over losing the alert.
 */
export interface DeliveryLog {
  claim(claim: DeliveryClaim, now: Date, leaseMs: number): Promise<ClaimedDelivery | null>;
  /** `retryAt`: when a temporary failure may be claimed again (ignored for other outcomes). */
  complete(
    deliveryId: string,
    result: DeliveryResult,
    now: Date,
    event: AlertOutcomeEvent,
    retryAt: Date | null,
  ): Promise<void>;
  get(deliveryId: string): Promise<DeliveryRecord | null>;
}

/** DeliveryLog in a Map: for unit tests and the benchmark. */
export class InMemoryDeliveryLog implements DeliveryLog {
  private readonly records = new Map<string, DeliveryRecord>();
  readonly events: AlertOutcomeEvent[] = [];

  async claim(claim: DeliveryClaim, now: Date, leaseMs: number): Promise<ClaimedDelivery | null> {
    const existing = this.records.get(claim.deliveryId);
    if (existing) {
      if (existing.status === 'sent' || existing.status === 'failed_permanent') return null;
      if (existing.nextAttemptAt !== null && Date.parse(existing.nextAttemptAt) > now.getTime()) return null;
    }
    const at = now.toISOString();
    this.records.set(claim.deliveryId, {
      ...claim,
      status: 'sending',
      attempts: existing?.attempts ?? 0,
      failedRuns: existing?.failedRuns ?? 0,
      smtpCode: existing?.smtpCode ?? null,
      reason: existing?.reason ?? null,
      messageId: existing?.messageId ?? null,
      claimedAt: at,
      updatedAt: at,
      nextAttemptAt: new Date(now.getTime() + leaseMs).toISOString(),
    });
    return { previousAttempts: existing?.attempts ?? 0, previousFailedRuns: existing?.failedRuns ?? 0 };
  }

  async complete(
    deliveryId: string,
    result: DeliveryResult,
    now: Date,
    event: AlertOutcomeEvent,
    retryAt: Date | null,
  ): Promise<void> {
    const existing = this.records.get(deliveryId);
    if (!existing) throw new Error(`delivery ${deliveryId}: complete() without claim()`);
    const temporary = !result.accepted && !result.permanent;
    this.records.set(deliveryId, {
      ...existing,
      status: result.accepted ? 'sent' : result.permanent ? 'failed_permanent' : 'failed_temporary',
      attempts: existing.attempts + result.attempts,
      failedRuns: existing.failedRuns + (temporary ? 1 : 0),
      smtpCode: result.smtpCode,
      reason: result.reason,
      messageId: result.messageId,
      updatedAt: now.toISOString(),
      nextAttemptAt: temporary ? (retryAt ?? now).toISOString() : null,
    });
    this.events.push(event);
  }

  async get(deliveryId: string): Promise<DeliveryRecord | null> {
    return this.records.get(deliveryId) ?? null;
  }
}

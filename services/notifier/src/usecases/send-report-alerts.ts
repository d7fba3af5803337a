import { createHash } from 'node:crypto';
import type { AlertFailedV1, AlertSentV1, GrantExposureEstimatedV1 } from '@detainer-watch/contracts';
import type { RetryPolicy } from '../config/mail.config';
import type { AlertOutcomeEvent, DeliveryLog } from '../delivery/delivery-log';
import type { DeliveryResult, MailSender, SenderLogger } from '../delivery/mail-sender';
import { backoffDelayMs } from '../delivery/retry-policy';
import { renderAlertEmail } from '../email/render';
import { matchWatches } from '../matching/match-watches';
import { candidateKeys, reportCompleteness } from '../matching/report-assembly';
import type { Watch } from '../watches/watch';
import type { WatchRepository } from '../watches/watch.repository';

export interface SendReportAlertsDeps {
  watches: WatchRepository;
  deliveries: DeliveryLog;
  sender: MailSender;
  /** public base URL of the REST API, for unsubscribe links */
  baseUrl: string;
  /** right-hand side of Message-IDs, e.g. the sending domain */
  messageIdDomain: string;
  /** messages handed to the sender at once; the SMTP pool spreads them over its connections */
  concurrency?: number;
  /** how long a `sending` claim protects a delivery before another run may take it over */
  claimLeaseMs?: number;
  /**
   * Retries of a delivery whose every attempt in one run failed temporarily: a later run (redelivery or retry
   * sweep) takes it again after a backoff; after `maxAttempts` such runs it is recorded as a permanent failure.
   * Default: 12 runs, 1 minute doubling to 1 hour.
   */
  runRetry?: RetryPolicy;
  /** only watches confirmed at or before this time (when the report became complete) */
  watchesConfirmedBy?: Date;
  now?: () => Date;
  logger?: SenderLogger;
}

export interface SendReportAlertsResult {
  sent: AlertSentV1[];
  failed: AlertFailedV1[];
  /** watch ids whose alert for this report was already sent, failed for good, or is being sent by another run */
  skipped: string[];
}

/** Same (watch, report), same id: the key of the delivery log and of the AlertSent/AlertFailed events. */
export const deliveryIdFor = (watchId: string, reportId: string): string =>
  createHash('sha256').update(`${watchId}:${reportId}`).digest('hex').slice(0, 32);

/**
 * Event ids: one AlertSent per delivery; one AlertFailed per failed run, told apart by the attempts made so far (the
 * same failure recorded again gets the same id, a later failure a new one).
 */
export function alertEventId(event: AlertOutcomeEvent): string {
  return event.subject === 'alert.sent'
    ? `alert.sent:${event.data.deliveryId}`
    : `alert.failed:${event.data.deliveryId}:${event.data.attempts}`;
}

const DEFAULT_RUN_RETRY: RetryPolicy = { maxAttempts: 12, baseDelayMs: 60_000, maxDelayMs: 3_600_000 };

/**
 * Sends one alert per matching watch for a complete report (every jurisdiction's estimate present). Safe to run
 * again for the same report: the delivery log skips what was sent and retries what failed temporarily. Returns the
 * AlertSent / AlertFailed payloads for the caller to publish through its outbox.
 */
export async function sendReportAlerts(
  estimates: readonly GrantExposureEstimatedV1[],
  deps: SendReportAlertsDeps,
): Promise<SendReportAlertsResult> {
  const completeness = reportCompleteness(estimates);
  if (!completeness.complete) {
    throw new Error(
      `report ${completeness.reportId}: ${completeness.missing.length} of ${completeness.total} jurisdiction estimates missing (positions ${completeness.missing.slice(0, 10).join(', ')}${completeness.missing.length > 10 ? ', ...' : ''}); alerts wait for all of them`,
    );
  }
  const reportId = completeness.reportId;
  const now = deps.now ?? (() => new Date());
  const candidates = await deps.watches.findConfirmedCandidates(
    candidateKeys(estimates),
    deps.watchesConfirmedBy,
  );
  const byId = new Map(candidates.map((w) => [w.id, w]));
  const matches = [...matchWatches(candidates, estimates)];
  const result: SendReportAlertsResult = { sent: [], failed: [], skipped: [] };

  const deliver = async (watch: Watch, matched: GrantExposureEstimatedV1[]): Promise<void> => {
    const deliveryId = deliveryIdFor(watch.id, reportId);
    const jurisdictionIds = matched.map((e) => e.classification.entity.id);
    const leaseMs = deps.claimLeaseMs ?? 15 * 60_000;
    const claimedAt = now();
    const claimed = await deps.deliveries.claim(
      { deliveryId, watchId: watch.id, reportId, jurisdictionIds },
      claimedAt,
      leaseMs,
    );
    if (!claimed) {
      result.skipped.push(watch.id);
      return;
    }
    const email = renderAlertEmail(watch, matched, deps.baseUrl);
    const sent = await deps.sender.send({
      ...email,
      to: watch.email,
      messageId: `<alert.${deliveryId}@${deps.messageIdDomain}>`,
      logContext: { watchId: watch.id, reportId, deliveryId },
    });
    const at = now();
    const attempts = claimed.previousAttempts + sent.attempts;
    const runRetry = deps.runRetry ?? DEFAULT_RUN_RETRY;
    const failedRuns = claimed.previousFailedRuns + 1;
    const givingUp = !sent.accepted && !sent.permanent && failedRuns >= runRetry.maxAttempts;
    const outcome: DeliveryResult = givingUp
      ? {
          ...sent,
          permanent: true,
          reason: `gave up after ${attempts} attempts in ${failedRuns} runs: ${sent.reason}`,
        }
      : sent;
    const retryAt =
      !outcome.accepted && !outcome.permanent
        ? new Date(at.getTime() + backoffDelayMs(failedRuns, runRetry))
        : null;
    const event: AlertOutcomeEvent = outcome.accepted
      ? {
          subject: 'alert.sent',
          data: {
            schemaVersion: 1,
            reportId,
            watchId: watch.id,
            deliveryId,
            jurisdictionIds,
            attempts,
            sentAt: at.toISOString(),
          },
        }
      : {
          subject: 'alert.failed',
          data: {
            schemaVersion: 1,
            reportId,
            watchId: watch.id,
            deliveryId,
            jurisdictionIds,
            permanent: outcome.permanent,
            smtpCode: outcome.smtpCode,
            reason: outcome.reason,
            attempts,
            failedAt: at.toISOString(),
          },
        };
    const log = { watchId: watch.id, reportId, deliveryId, attempts };
    await recordOutcome(
      () => deps.deliveries.complete(deliveryId, outcome, at, event, retryAt),
      claimedAt.getTime() + leaseMs,
      (err, retryInMs) =>
        deps.logger?.warn({ ...log, err, retryInMs }, 'could not record the outcome of a send; retrying'),
      now,
    );
    if (event.subject === 'alert.sent') {
      deps.logger?.info(log, 'alert sent');
      result.sent.push(event.data);
    } else {
      deps.logger?.warn(
        { ...log, permanent: outcome.permanent, smtpCode: outcome.smtpCode, retryAt: retryAt?.toISOString() },
        'alert not delivered',
      );
      result.failed.push(event.data);
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < matches.length) {
      const [watchId, matched] = matches[next++]!;
      await deliver(byId.get(watchId)!, matched);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 10) }, worker));
  return result;
}

/**
 * Once an email is out, losing the record of it would send it again when the claim's lease runs out (the database
 * restarting at that moment is enough). So the write is retried, with a growing pause, for as long as the claim
 * still protects the delivery; only then is the failure thrown (and the delivery retried, at worst sent twice).
 */
async function recordOutcome(
  write: () => Promise<void>,
  leaseEndsAtMs: number,
  onRetry: (err: unknown, retryInMs: number) => void,
  now: () => Date,
): Promise<void> {
  for (let pauseMs = 250; ; pauseMs = Math.min(pauseMs * 2, 5_000)) {
    try {
      return await write();
    } catch (err) {
      const left = leaseEndsAtMs - now().getTime() - pauseMs;
      if (left <= 0) throw err;
      onRetry(err, pauseMs);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}

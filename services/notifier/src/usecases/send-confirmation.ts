import type { RetryPolicy } from '../config/mail.config';
import type { MailSender, SenderLogger } from '../delivery/mail-sender';
import { backoffDelayMs } from '../delivery/retry-policy';
import { renderConfirmationEmail } from '../email/render';
import type { ConfirmationState, WatchRepository } from '../watches/watch.repository';

export interface SendConfirmationDeps {
  watches: WatchRepository;
  sender: MailSender;
  baseUrl: string;
  messageIdDomain: string;
  /** backoff between runs after a temporary failure, and the number of runs before giving up */
  runRetry: RetryPolicy;
  now?: () => Date;
  logger?: SenderLogger;
}

/**
 * Sends (or sends again) the confirmation email of a pending watch and records the outcome: `sent`, `failed` (a
 * permanent SMTP refusal, or too many temporary ones), or still `pending` with the time the retry sweep should try
 * again. The Message-ID is derived from the watch, so a resend after a lost reply is recognisably the same message.
 */
export async function sendConfirmation(
  watchId: string,
  deps: SendConfirmationDeps,
): Promise<ConfirmationState | null> {
  const now = deps.now ?? (() => new Date());
  const watch = await deps.watches.get(watchId);
  const before = await deps.watches.confirmationOf(watchId);
  if (!watch || !before) return null;
  if (watch.status !== 'pending_confirmation' || before.status !== 'pending') return before;
  const result = await deps.sender.send({
    ...renderConfirmationEmail(watch, deps.baseUrl),
    to: watch.email,
    messageId: `<confirm.${watch.id}@${deps.messageIdDomain}>`,
    logContext: { watchId: watch.id },
  });
  const runs = before.attempts + 1;
  const at = now();
  let state: ConfirmationState;
  if (result.accepted) {
    state = { status: 'sent', attempts: runs, nextAt: null, error: null };
    deps.logger?.info({ watchId, attempts: result.attempts }, 'confirmation email sent');
  } else if (result.permanent || runs >= deps.runRetry.maxAttempts) {
    state = { status: 'failed', attempts: runs, nextAt: null, error: result.reason };
    deps.logger?.warn({ watchId, smtpCode: result.smtpCode }, 'confirmation email failed for good');
  } else {
    const nextAt = new Date(at.getTime() + backoffDelayMs(runs, deps.runRetry));
    state = { status: 'pending', attempts: runs, nextAt, error: result.reason };
    deps.logger?.warn(
      { watchId, smtpCode: result.smtpCode, retryAt: nextAt.toISOString() },
      'confirmation email not delivered; will retry',
    );
  }
  await deps.watches.setConfirmation(watchId, state);
  return state;
}

import type { RetryPolicy } from '../config/mail.config';

/**
 * Delay before the attempt after `failedAttempts` failures: exponential (base, 2 base, 4 base, ...) capped at
 * maxDelayMs, with "equal jitter" (half fixed, half random) so that many messages failing together do not come back
 * together, while a retry still waits at least half the nominal delay.
 */
export function backoffDelayMs(
  failedAttempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  const half = nominal / 2;
  return Math.round(half + random() * half);
}

export interface FailureClass {
  permanent: boolean;
  smtpCode: number | null;
  reason: string;
}

/** Errors no retry can fix: the message, its envelope or our configuration is wrong. */
const PERMANENT_CODES = new Set([
  'ECONFIG',
  'EENVELOPE',
  'EMAXRECIPIENTS',
  'EFILEACCESS',
  'EURLACCESS',
  'EOTP',
]);

/** SMTP replies often quote the recipient ("550 <a@b.org>: no such user"); logs and events must not. */
export const redactAddresses = (text: string): string =>
  text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>');

/**
 * RFC 5321: a 5yz reply is permanent, 4yz transient. 503 (bad sequence of commands) says the session was in the
 * wrong state, not that the message was refused, so it is retried. Errors without a reply (refused connection,
 * timeout, TLS failure) are transient unless the code says the message or configuration is at fault.
 */
export function classifyFailure(err: unknown): FailureClass {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    message?: unknown;
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
  };
  const smtpCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const code = typeof e.code === 'string' ? e.code : null;
  const text =
    typeof e.response === 'string' && e.response
      ? e.response
      : typeof e.message === 'string'
        ? e.message
        : String(err);
  const permanent =
    smtpCode !== null ? smtpCode >= 500 && smtpCode !== 503 : code !== null && PERMANENT_CODES.has(code);
  const reason = redactAddresses(`${code ? `${code}: ` : ''}${text}`).slice(0, 500);
  return { permanent, smtpCode, reason };
}

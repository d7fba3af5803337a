import { deadLetterSubject } from '@detainer-watch/contracts';
import type { DeadLetter } from './ports';

export interface DeadLetterInput {
  subject: string;
  durable: string;
  deliveryCount: number;
  kind: DeadLetter['kind'];
  error: string;
  body: Uint8Array;
  headers?: Record<string, string[]>;
  failedAt?: Date;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Builds what goes to `dead.<subject>`. The original body is kept byte-exact: as text when it is valid UTF-8 (the
 * normal case, so an operator can read it), as base64 otherwise, so even garbage can be inspected and replayed.
 */
export function buildDeadLetter(input: DeadLetterInput): DeadLetter {
  let original: string;
  let originalEncoding: DeadLetter['originalEncoding'];
  try {
    original = strictUtf8.decode(input.body);
    originalEncoding = 'utf8';
  } catch {
    original = Buffer.from(input.body).toString('base64');
    originalEncoding = 'base64';
  }
  return {
    subject: input.subject,
    durable: input.durable,
    deliveryCount: input.deliveryCount,
    error: input.error,
    kind: input.kind,
    failedAt: (input.failedAt ?? new Date()).toISOString(),
    original,
    originalEncoding,
    headers: input.headers ?? {},
  };
}

/** The original body bytes of a dead letter, for replay. */
export function deadLetterBody(dl: DeadLetter): Uint8Array {
  return dl.originalEncoding === 'utf8'
    ? new TextEncoder().encode(dl.original)
    : Buffer.from(dl.original, 'base64');
}

/**
 * One dead letter per (consumer, stream message): both the handler path and the max-deliveries advisory may try to
 * dead-letter the same message, and replicas all hear the advisory; the broker's dedupe keeps exactly one.
 */
export const deadLetterId = (durable: string, streamSeq: number): string => `dead:${durable}:${streamSeq}`;

export { deadLetterSubject };

/** Human-readable text of anything thrown, for `DeadLetter.error` and logs. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return typeof err === 'string' ? err : JSON.stringify(err);
}

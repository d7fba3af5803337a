import { ContractViolation, parseEvent, type EventOf, type Subject } from '@detainer-watch/contracts';

export type Decoded<S extends Subject> =
  { ok: true; event: EventOf<S> } | { ok: false; error: string; issues: { path: string; message: string }[] };

/**
 * Turns received bytes into a validated envelope at the edge. Never throws: a body that is not JSON or breaks the
 * subject's contract is reported so the caller can terminate and dead-letter it instead of retrying forever.
 */
export function decodeEvent<S extends Subject>(subject: S, body: Uint8Array): Decoded<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(body));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `message on ${subject} is not JSON: ${why}`, issues: [] };
  }
  try {
    return { ok: true, event: parseEvent(subject, raw) };
  } catch (err) {
    if (err instanceof ContractViolation) {
      return {
        ok: false,
        error: err.message,
        issues: err.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      };
    }
    throw err;
  }
}

export const encodeJson = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

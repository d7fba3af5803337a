/** Options of a bounded wait: how long, how often, and what to say (and show) when it runs out. */
export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What was awaited, e.g. "206 detainer.declined events"; the timeout error starts with it. */
  message: string;
  /** Extra context appended to the timeout error, such as the services' log tails. */
  context?: () => string | Promise<string>;
}

/** Thrown by a probe to end the wait at once (e.g. the process it waits for has exited). */
export class WaitAborted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitAborted';
  }
}

export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

/**
 * Polls `probe` until it returns something other than undefined/false, and returns that. On timeout, throws an
 * error naming what was awaited, the last probe result or error, and the context.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  opts: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = null;
    } catch (err) {
      if (err instanceof WaitAborted) throw err;
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError
        ? `; last attempt failed: ${(lastError as Error).message ?? String(lastError)}`
        : '';
      const extra = opts.context ? `\n${await opts.context()}` : '';
      throw new WaitTimeoutError(
        `timed out after ${opts.timeoutMs} ms waiting for ${opts.message}${why}${extra}`,
      );
    }
    await sleep(Math.min(opts.intervalMs ?? 200, Math.max(1, deadline - Date.now())));
  }
}

/**
 * The waits of the integration suites: their services run in the test's own process or on loopback and answer in
 * milliseconds, so they poll often; one that fails gives up after 30 s.
 */
export const POLL = { timeoutMs: 30_000, intervalMs: 50 };

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves with `promise`'s value, or with null after `ms`; the timer is cleared either way, so a finished race
 * leaves nothing behind to hold the process open.
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

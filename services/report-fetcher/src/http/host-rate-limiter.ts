/**
 * Spaces requests to the same host at least `minIntervalMs` apart, in the order they asked. Requests to different
 * hosts do not wait for each other.
 */
export class HostRateLimiter {
  private readonly nextFree = new Map<string, number>();

  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = delay,
  ) {}

  /** Resolves when a request to `host` may start; reserves that slot. */
  async acquire(host: string): Promise<void> {
    const key = host.toLowerCase();
    const now = this.now();
    const slot = Math.max(now, this.nextFree.get(key) ?? 0);
    this.nextFree.set(key, slot + this.minIntervalMs);
    if (slot > now) await this.sleep(slot - now);
  }
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^attempt)]. */
export const backoffDelay = (
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
) => Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt));

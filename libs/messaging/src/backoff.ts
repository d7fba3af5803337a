/** Defaults shared by both bus implementations so a service behaves the same embedded and on JetStream. */
export const DEFAULT_MAX_DELIVER = 5;
export const DEFAULT_BACKOFF_MS: readonly number[] = [1000, 5000, 15000, 30000];
/**
 * How long a message held by a process that stopped answering waits before another replica gets it. Handlers in
 * progress never hit it: the bus signals progress every third of it while they run (up to DEFAULT_HEARTBEAT_LIMIT_MS).
 */
export const DEFAULT_ACK_WAIT_MS = 30_000;
/** How long the bus keeps extending a running handler's ack wait; past it the handler counts as hung. */
export const DEFAULT_HEARTBEAT_LIMIT_MS = 15 * 60_000;

/**
 * Delay before the next delivery after the `deliveryCount`-th attempt failed. The schedule is indexed by the
 * failed attempt (1 → first entry) and its last entry repeats, so a short schedule still bounds the wait.
 */
export function backoffDelay(schedule: readonly number[], deliveryCount: number): number {
  if (schedule.length === 0) return 0;
  if (!Number.isInteger(deliveryCount) || deliveryCount < 1) {
    throw new RangeError(`deliveryCount must be a positive integer, got ${deliveryCount}`);
  }
  return schedule[Math.min(deliveryCount, schedule.length) - 1];
}

/** Validates a consumer's retry settings once, at subscribe time, so a typo fails loudly instead of looping. */
export function checkRetrySettings(durable: string, maxDeliver: number, backoffMs: readonly number[]): void {
  if (!Number.isInteger(maxDeliver) || maxDeliver < 1) {
    throw new RangeError(`consumer ${durable}: maxDeliver must be an integer >= 1, got ${maxDeliver}`);
  }
  const bad = backoffMs.find((d) => !Number.isFinite(d) || d < 0);
  if (bad !== undefined) {
    throw new RangeError(`consumer ${durable}: backoffMs entries must be finite and >= 0, got ${bad}`);
  }
}

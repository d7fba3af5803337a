import type { EventOf, RpcSubject, Subject } from '@detainer-watch/contracts';
import {
  DEFAULT_MAX_DELIVER,
  type BlobStore,
  type ConsumerSpec,
  type EventHandler,
  type MessageBus,
  type Subscription,
} from '@detainer-watch/messaging';

const SEEN_IDS_KEPT = 100_000;
const DEFAULT_SETTLE_MS = 1500;

/**
 * The services' view of the in-process bus, counting the work still owed: one delivery per published event and
 * per durable consumer of its subject, settled when a handler succeeds or fails for the last time. The in-process
 * bus keeps events only in memory, so the host waits for this count to reach zero (`whenIdle`) after it stopped
 * taking new reports and before it stops the services: a report already picked up is carried through to its alerts
 * instead of being lost with the process. Events the bus terminates without a handler (contract violations) are not
 * seen here, which is why the wait is bounded.
 */
export class DrainingBus implements MessageBus {
  private readonly durables = new Map<string, Set<string>>();
  /** Recent event ids (insertion order), bounded like the bus's own dedupe memory. */
  private readonly seen = new Set<string>();
  private owed = 0;
  private running = 0;
  private lastChange = Date.now();

  constructor(private readonly inner: MessageBus) {}

  get blobs(): BlobStore {
    return this.inner.blobs;
  }

  async publish<S extends Subject>(subject: S, event: EventOf<S>): Promise<void> {
    const first = !this.seen.has(event.id);
    await this.inner.publish(subject, event);
    // The bus drops a second publish of the same id; it is owed no second delivery.
    if (first) {
      this.seen.add(event.id);
      if (this.seen.size > SEEN_IDS_KEPT) this.seen.delete(this.seen.values().next().value!);
      this.change(this.durables.get(subject)?.size ?? 0);
    }
  }

  async consume<S extends Subject>(spec: ConsumerSpec<S>, handler: EventHandler<S>): Promise<Subscription> {
    let names = this.durables.get(spec.subject);
    if (!names) this.durables.set(spec.subject, (names = new Set()));
    names.add(spec.durable);
    const maxDeliver = spec.maxDeliver ?? DEFAULT_MAX_DELIVER;
    return this.inner.consume(spec, async (event, ctx) => {
      this.running++;
      try {
        await handler(event, ctx);
        this.change(-1);
      } catch (err) {
        if (ctx.deliveryCount >= maxDeliver) this.change(-1);
        throw err;
      } finally {
        this.running--;
        this.lastChange = Date.now();
      }
    });
  }

  request<Req, Rep>(subject: RpcSubject, request: Req, opts?: { timeoutMs?: number }): Promise<Rep> {
    return this.inner.request(subject, request, opts);
  }

  serve<Req, Rep>(subject: RpcSubject, handler: (request: Req) => Promise<Rep>): Promise<Subscription> {
    return this.inner.serve(subject, handler);
  }

  provision(): Promise<void> {
    return this.inner.provision();
  }

  isHealthy(): boolean {
    return this.inner.isHealthy();
  }

  /** The host closes the shared bus itself, after every service has stopped. */
  async close(): Promise<void> {}

  /** Deliveries still owed (handlers running included). */
  get pending(): number {
    return Math.max(0, this.owed);
  }

  /**
   * Nothing owed and nothing has happened for `settleMs`: a handler's committed outbox rows reach the bus a moment
   * after it returns, through the relay, so a zero count alone can fall between two stages of one report.
   */
  isIdle(settleMs = DEFAULT_SETTLE_MS): boolean {
    return this.pending === 0 && this.running === 0 && Date.now() - this.lastChange >= settleMs;
  }

  /** Resolves true once `isIdle`, false when `timeoutMs` passes first. */
  async whenIdle(timeoutMs: number, settleMs = DEFAULT_SETTLE_MS): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.isIdle(settleMs)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private change(delta: number): void {
    this.owed += delta;
    this.lastChange = Date.now();
  }
}

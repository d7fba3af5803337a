import type { Subscription } from './ports';

/** The subscriptions a bus handed out, so close() can drain whatever callers did not. */
export class SubscriptionSet {
  private readonly open = new Set<Subscription>();

  track(sub: Subscription): Subscription {
    const tracked: Subscription = {
      drain: async () => {
        this.open.delete(tracked);
        await sub.drain();
      },
    };
    this.open.add(tracked);
    return tracked;
  }

  async drainAll(): Promise<void> {
    const results = await Promise.allSettled([...this.open].map((s) => s.drain()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) {
      throw new AggregateError(
        failed.map((f) => f.reason),
        `${failed.length} subscription(s) failed to drain`,
      );
    }
  }
}

/**
 * Runs at most `limit` tasks at once. With a limit of 1 tasks run strictly in arrival order, which is what
 * order-sensitive consumers rely on.
 */
export class TaskPool {
  private readonly running = new Set<Promise<void>>();
  /** Submitters waiting for a free slot, first come first served. */
  private readonly waiting: (() => void)[] = [];
  /** Slots taken, including ones handed to a waiter that has not started its task yet. */
  private taken = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency must be an integer >= 1, got ${limit}`);
  }

  /** Resolves once the task has started, i.e. when a slot was free. */
  async submit(task: () => Promise<void>): Promise<void> {
    // A queue instead of Promise.race over the running set: racing attached a reaction to every running task per
    // submit, O(limit) work and garbage per message.
    if (this.taken >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.taken++;
    const p: Promise<void> = task()
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(p);
        const next = this.waiting.shift();
        if (next)
          next(); // the slot passes straight to the next submitter
        else this.taken--;
      });
    this.running.add(p);
  }

  /** Resolves when every submitted task has settled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

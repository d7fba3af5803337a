/**
 * A level-triggered wake-up: a signal raised while nobody waits is remembered, so a NOTIFY arriving while the relay
 * is busy publishing still makes it look again instead of sleeping a full poll interval.
 */
export class Wakeup {
  private pending = false;
  private waiter: (() => void) | null = null;

  signal(): void {
    if (this.waiter) {
      const wake = this.waiter;
      this.waiter = null;
      wake();
    } else {
      this.pending = true;
    }
  }

  /** Resolves on the next signal (or a pending one), or after `timeoutMs`. */
  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve();
      }, timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

import type { Logger } from '@detainer-watch/logging';
import type { ResolvePendingRecipients } from '../usecases/resolve-pending-recipients/resolve-pending-recipients';

/**
 * Resolves pending ledger recipients now and then every `intervalMs`, in the background: start never waits for the
 * classifier, and rows stored while it was down get their jurisdiction once it answers. `trigger()` runs a pass at
 * once (after an import).
 */
export class PendingResolutionScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly resolvePending: ResolvePendingRecipients,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.trigger();
  }

  trigger(): void {
    if (this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.resolvePending
      .execute()
      .then(
        () => undefined,
        (err: unknown) => this.logger.warn({ err }, 'resolving pending ledger recipients failed; will retry'),
      )
      .finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(() => this.trigger(), this.intervalMs);
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

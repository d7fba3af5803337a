import type { Logger } from '@detainer-watch/logging';
import { type AlertReportDeps, alertReport } from './alert-report';
import type { OneAtATime } from './one-at-a-time';
import { type SendConfirmationDeps, sendConfirmation } from './send-confirmation';

export interface RetrySweepDeps {
  /** reports with a delivery due: a temporary failure whose backoff has passed, or a claim whose lease ran out */
  reportsDue(now: Date, limit: number): Promise<string[]>;
  /** `alertRuns` is the event handler's own: a swept report's alerts wait for the run in flight (see receiveEstimate). */
  alerts: AlertReportDeps & { alertRuns: OneAtATime };
  confirmations: SendConfirmationDeps;
  intervalMs: number;
  logger: Logger;
  now?: () => Date;
}

export interface SweepResult {
  reports: number;
  sent: number;
  failed: number;
  confirmations: number;
}

/**
 * Retries what a single event delivery can not: alerts that failed temporarily (once their backoff has passed),
 * sends abandoned by a crashed process (once their claim's lease has run out) and confirmation emails not yet
 * delivered. Everything it does goes through the same claims as the event handler, so it can run in every replica.
 */
export class RetrySweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(private readonly deps: RetrySweepDeps) {}

  async runOnce(batch = 50): Promise<SweepResult> {
    const now = (this.deps.now ?? (() => new Date()))();
    const result: SweepResult = { reports: 0, sent: 0, failed: 0, confirmations: 0 };
    for (const reportId of await this.deps.reportsDue(now, batch)) {
      const r = await this.deps.alerts.alertRuns.run(() => alertReport(reportId, this.deps.alerts));
      result.reports++;
      result.sent += r?.sent.length ?? 0;
      result.failed += r?.failed.length ?? 0;
    }
    for (const watchId of await this.deps.confirmations.watches.dueConfirmations(now, batch)) {
      await sendConfirmation(watchId, this.deps.confirmations);
      result.confirmations++;
    }
    if (result.reports + result.confirmations > 0) this.deps.logger.info(result, 'retry sweep');
    return result;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Lets a sweep in progress finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) =>
          this.deps.logger.error({ err }, 'retry sweep failed; trying again next interval'),
        )
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.deps.intervalMs);
    this.timer.unref();
  }
}

import type { DataSource } from 'typeorm';
import type { EventOf } from '@detainer-watch/contracts';
import { Inbox } from '@detainer-watch/persistence';
import type { PgReportEstimatesStore } from '../persistence/pg-report-estimates.store';
import { type AlertReportDeps, alertReport } from './alert-report';
import type { OneAtATime } from './one-at-a-time';
import type { SendReportAlertsResult } from './send-report-alerts';

export const ESTIMATE_CONSUMER = 'notifier.grant-exposure-estimated';

export interface ReceiveEstimateDeps extends AlertReportDeps {
  dataSource: DataSource;
  reports: PgReportEstimatesStore;
  /**
   * Completed reports' alert runs, one at a time. Estimates are handled many at once, but an email the SMTP server
   * accepted just before the process is killed goes out again once its claim's lease has passed: one report's
   * alerts in flight at a time keeps that to a few emails.
   */
  alertRuns: OneAtATime;
}

export interface ReceiveEstimateResult {
  duplicate: boolean;
  received: number;
  total: number;
  /** null while the report is incomplete */
  alerts: SendReportAlertsResult | null;
}

/**
 * One grant.exposure.estimated event: the estimate and the inbox record commit together (a redelivery stores
 * nothing), then, once the report is complete, its alerts go out. Sending runs after the commit and also for a
 * redelivered event, because a crash or a temporary SMTP failure after the commit must not leave the report unsent;
 * the delivery log, not the inbox, is what keeps that from sending twice.
 */
export async function receiveEstimate(
  event: EventOf<'grant.exposure.estimated'>,
  deps: ReceiveEstimateDeps,
): Promise<ReceiveEstimateResult> {
  const reportId = event.data.classification.report.reportId;
  const stored = await Inbox.processOnce(deps.dataSource, ESTIMATE_CONSUMER, event.id, (manager) =>
    deps.reports.add(manager, event.id, event.data),
  );
  const progress = stored.duplicate ? await deps.reports.progress(reportId) : stored.value;
  const alerts = progress?.completedAt ? await deps.alertRuns.run(() => alertReport(reportId, deps)) : null;
  return {
    duplicate: stored.duplicate,
    received: progress?.received ?? 0,
    total: progress?.total ?? event.data.classification.position.total,
    alerts,
  };
}

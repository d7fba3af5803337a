import type { DeliveryLog } from '../delivery/delivery-log';
import type { PgReportEstimatesStore } from '../persistence/pg-report-estimates.store';
import {
  type SendReportAlertsDeps,
  type SendReportAlertsResult,
  sendReportAlerts,
} from './send-report-alerts';

export type ReportEstimates = Pick<PgReportEstimatesStore, 'progress' | 'estimatesOf'>;

export interface AlertReportDeps extends Omit<SendReportAlertsDeps, 'watchesConfirmedBy'> {
  reports: ReportEstimates;
  deliveries: DeliveryLog;
}

/**
 * Sends the alerts of a complete report, to the watches confirmed when it became complete. Returns null while the
 * report is incomplete. Safe to call any number of times (redeliveries, the retry sweep, replicas): the delivery
 * log lets each (watch, report) through once.
 */
export async function alertReport(
  reportId: string,
  deps: AlertReportDeps,
): Promise<SendReportAlertsResult | null> {
  const progress = await deps.reports.progress(reportId);
  if (!progress?.completedAt) return null;
  const estimates = await deps.reports.estimatesOf(reportId);
  return sendReportAlerts(estimates, { ...deps, watchesConfirmedBy: progress.completedAt });
}

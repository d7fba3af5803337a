import type { DataSource } from 'typeorm';
import type { Logger } from '@detainer-watch/logging';
import type { RpcClient } from '@detainer-watch/messaging';
import { type NotifierSettings } from './config';
import { createMailSender } from './delivery/create-mail-sender';
import type { MailSender } from './delivery/mail-sender';
import { CountingMailSender } from './delivery/counting-mail-sender';
import type { ServiceMetrics } from '@detainer-watch/service-kit';
import { type JurisdictionLookup, RpcJurisdictionLookup } from './jurisdiction/jurisdiction-lookup';
import { PgDeliveryLog } from './persistence/pg-delivery-log';
import { PgReportEstimatesStore } from './persistence/pg-report-estimates.store';
import { PgWatchRepository } from './persistence/pg-watch.repository';
import type { ReceiveEstimateDeps } from './usecases/receive-estimate';
import type { RegisterWatchDeps } from './usecases/register-watch';
import { RetrySweeper } from './usecases/retry-sweep';
import { OneAtATime } from './usecases/one-at-a-time';
import type { SendConfirmationDeps } from './usecases/send-confirmation';

export interface NotifierRuntimeInput {
  settings: NotifierSettings;
  dataSource: DataSource;
  rpc: RpcClient;
  logger: Logger;
  /** defaults to SMTP or .eml files, from the mail settings */
  sender?: MailSender;
  /** where the email counters go (GET /metrics) */
  metrics?: ServiceMetrics;
}

/** The notifier's parts, built once from its settings, data source and bus, and shared by handlers and controllers. */
export class NotifierRuntime {
  readonly settings: NotifierSettings;
  readonly logger: Logger;
  readonly sender: MailSender;
  readonly watches: PgWatchRepository;
  readonly deliveries: PgDeliveryLog;
  readonly reports: PgReportEstimatesStore;
  readonly lookup: JurisdictionLookup;
  readonly confirmationDeps: SendConfirmationDeps;
  readonly registerDeps: RegisterWatchDeps;
  readonly estimateDeps: ReceiveEstimateDeps;
  readonly sweeper: RetrySweeper;

  constructor(input: NotifierRuntimeInput) {
    const { settings, dataSource } = input;
    this.settings = settings;
    this.logger = input.logger;
    const sender = input.sender ?? createMailSender(settings.mail, input.logger);
    this.sender = input.metrics
      ? new CountingMailSender(
          sender,
          input.metrics.counter('detainer_emails_total', 'Emails handed to the mail system, by outcome', [
            'outcome',
          ]),
        )
      : sender;
    this.watches = new PgWatchRepository(dataSource);
    this.deliveries = new PgDeliveryLog(dataSource);
    this.reports = new PgReportEstimatesStore(dataSource);
    this.lookup = new RpcJurisdictionLookup(input.rpc, settings.resolveTimeoutMs);
    this.confirmationDeps = {
      watches: this.watches,
      sender: this.sender,
      baseUrl: settings.mail.baseUrl,
      messageIdDomain: settings.messageIdDomain,
      runRetry: settings.runRetry,
      logger: input.logger,
    };
    this.registerDeps = {
      ...this.confirmationDeps,
      lookup: this.lookup,
      requireConfirmation: settings.requireConfirmation,
    };
    this.estimateDeps = {
      dataSource,
      reports: this.reports,
      watches: this.watches,
      deliveries: this.deliveries,
      sender: this.sender,
      baseUrl: settings.mail.baseUrl,
      messageIdDomain: settings.messageIdDomain,
      concurrency: settings.sendConcurrency,
      claimLeaseMs: settings.sendLeaseMs,
      runRetry: settings.runRetry,
      logger: input.logger,
      alertRuns: new OneAtATime(),
    };
    this.sweeper = new RetrySweeper({
      reportsDue: (now, limit) => this.deliveries.reportsDue(now, limit),
      alerts: this.estimateDeps,
      confirmations: this.confirmationDeps,
      intervalMs: settings.sweepIntervalMs,
      logger: input.logger.child({ component: 'retry-sweep' }),
    });
  }

  async close(): Promise<void> {
    await this.sweeper.stop();
    await this.sender.close();
  }
}

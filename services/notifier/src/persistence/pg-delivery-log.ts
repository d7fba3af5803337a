import type { DataSource } from 'typeorm';
import { createEvent } from '@detainer-watch/contracts';
import { Outbox, quoteIdent, schemaOf } from '@detainer-watch/persistence';
import type {
  AlertOutcomeEvent,
  ClaimedDelivery,
  DeliveryClaim,
  DeliveryLog,
  DeliveryRecord,
  DeliveryStatus,
} from '../delivery/delivery-log';
import type { DeliveryResult } from '../delivery/mail-sender';
import { alertEventId } from '../usecases/send-report-alerts';
import { returnedRows } from './sql-rows';

interface DeliveryRow {
  delivery_id: string;
  watch_id: string;
  report_id: string;
  jurisdiction_ids: string[];
  status: DeliveryStatus;
  attempts: number;
  failed_runs: number;
  smtp_code: number | null;
  reason: string | null;
  message_id: string | null;
  claimed_at: Date;
  updated_at: Date;
  next_attempt_at: Date | null;
}

/**
 * The delivery log in Postgres. A claim is one INSERT ... ON CONFLICT DO UPDATE ... WHERE statement, so two workers
 * (replicas, a redelivery and the retry sweep) can never both hold the same (watch, report); the outcome and its
 * alert.sent / alert.failed event commit in one transaction with the outbox.
 */
export class PgDeliveryLog implements DeliveryLog {
  private readonly table: string;
  private readonly outbox: Outbox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly source = 'notifier',
  ) {
    const schema = schemaOf(dataSource);
    this.table = `${quoteIdent(schema)}.deliveries`;
    this.outbox = new Outbox(schema);
  }

  async claim(c: DeliveryClaim, now: Date, leaseMs: number): Promise<ClaimedDelivery | null> {
    // next_attempt_at doubles as the lease end of a `sending` row and the due time of a temporary failure.
    const rows: { attempts: number; failed_runs: number }[] = await this.dataSource.query(
      `INSERT INTO ${this.table} AS d
         (delivery_id, watch_id, report_id, jurisdiction_ids, status, claimed_at, updated_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, 'sending', $5, $5, $5::timestamptz + $6 * interval '1 millisecond')
       ON CONFLICT (delivery_id) DO UPDATE SET
         status = 'sending', jurisdiction_ids = EXCLUDED.jurisdiction_ids, claimed_at = EXCLUDED.claimed_at,
         updated_at = EXCLUDED.updated_at, next_attempt_at = EXCLUDED.next_attempt_at
       WHERE d.status IN ('sending', 'failed_temporary') AND d.next_attempt_at <= EXCLUDED.claimed_at
       RETURNING d.attempts, d.failed_runs`,
      [c.deliveryId, c.watchId, c.reportId, c.jurisdictionIds, now, leaseMs],
    );
    const r = rows[0];
    return r ? { previousAttempts: r.attempts, previousFailedRuns: r.failed_runs } : null;
  }

  async complete(
    deliveryId: string,
    result: DeliveryResult,
    now: Date,
    event: AlertOutcomeEvent,
    retryAt: Date | null,
  ): Promise<void> {
    const status: DeliveryStatus = result.accepted
      ? 'sent'
      : result.permanent
        ? 'failed_permanent'
        : 'failed_temporary';
    const envelope =
      event.subject === 'alert.sent'
        ? createEvent('alert.sent', {
            id: alertEventId(event),
            source: this.source,
            data: event.data,
            reportId: event.data.reportId,
            subject: event.data.watchId,
            time: now,
          })
        : createEvent('alert.failed', {
            id: alertEventId(event),
            source: this.source,
            data: event.data,
            reportId: event.data.reportId,
            subject: event.data.watchId,
            time: now,
          });
    await this.dataSource.transaction(async (manager) => {
      const updated = returnedRows(
        await manager.query(
          `UPDATE ${this.table} SET status = $2, attempts = attempts + $3,
             failed_runs = failed_runs + CASE WHEN $2 = 'failed_temporary' THEN 1 ELSE 0 END,
             smtp_code = $4, reason = $5, message_id = $6, updated_at = $7, next_attempt_at = $8
           WHERE delivery_id = $1 AND status = 'sending' RETURNING delivery_id`,
          [
            deliveryId,
            status,
            result.attempts,
            result.smtpCode,
            result.reason,
            result.messageId,
            now,
            status === 'failed_temporary' ? (retryAt ?? now) : null,
          ],
        ),
      );
      if (updated.length === 0) {
        // A retry of a write whose commit went through but whose answer was lost: already recorded, nothing to do.
        const found = returnedRows<{ status: DeliveryStatus }>(
          await manager.query(`SELECT status FROM ${this.table} WHERE delivery_id = $1`, [deliveryId]),
        );
        if (found[0] && found[0].status !== 'sending') return;
        throw new Error(`delivery ${deliveryId}: complete() without claim()`);
      }
      await this.outbox.enqueue(manager, event.subject, envelope);
    });
  }

  async get(deliveryId: string): Promise<DeliveryRecord | null> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT * FROM ${this.table} WHERE delivery_id = $1`,
      [deliveryId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      deliveryId: r.delivery_id,
      watchId: r.watch_id,
      reportId: r.report_id,
      jurisdictionIds: r.jurisdiction_ids,
      status: r.status,
      attempts: r.attempts,
      failedRuns: r.failed_runs,
      smtpCode: r.smtp_code,
      reason: r.reason,
      messageId: r.message_id,
      claimedAt: r.claimed_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      nextAttemptAt: r.next_attempt_at ? r.next_attempt_at.toISOString() : null,
    };
  }

  /** Reports with a delivery due at `now`: a temporary failure whose backoff has passed or an abandoned claim. */
  async reportsDue(now: Date, limit: number): Promise<string[]> {
    const rows: { report_id: string }[] = await this.dataSource.query(
      `SELECT report_id FROM ${this.table}
       WHERE status IN ('sending', 'failed_temporary') AND next_attempt_at <= $1
       GROUP BY report_id ORDER BY min(next_attempt_at) LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.report_id);
  }
}

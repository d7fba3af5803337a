import type { DataSource } from 'typeorm';
import type { EventOf, Subject } from '@detainer-watch/contracts';
import type { Logger } from '@detainer-watch/logging';
import type { EventPublisher } from '@detainer-watch/messaging';
import { outboxChannel, schemaOf } from '../sql';
import { NotificationListener, PgNotificationListener } from './notification-listener';
import { OutboxStore, PendingOutboxRow, PublishOutcome, PgOutboxStore } from './outbox-store';
import { Wakeup } from './wakeup';

/** Hooks for metrics; must not throw. */
export interface OutboxRelayObserver {
  relayed?(subject: string): void;
  relayFailed?(subject: string, attempts: number): void;
  /** Inbox records deleted for age. */
  pruned?(count: number): void;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  publisher: EventPublisher;
  logger: Logger;
  /** Rows claimed (one SELECT), published concurrently and deleted (one DELETE) per transaction. Default 500. */
  batchSize?: number;
  /**
   * Batches whose PubAcks may be outstanding at once: the next batch is claimed and published while the previous
   * one's acks are still coming in, so up to `batchSize * inFlightBatches` publishes are in flight. Default 2.
   */
  inFlightBatches?: number;
  /** Fallback poll when no NOTIFY arrives (lost connection, another process's missed signal). Default 1000 ms. */
  pollIntervalMs?: number;
  /** Delay after the first failed publish of a row; doubles per attempt up to `maxBackoffMs`. Default 1000 ms. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Inbox records older than this are deleted. Default 30 days: far past JetStream's 2-hour duplicate window and
   * any redelivery (acked events are not delivered again), so only a deliberate replay of older events could find
   * its record gone; the consumers' own state (the extractor's reports, the notifier's delivery log) still holds.
   */
  inboxRetentionMs?: number;
  pruneIntervalMs?: number;
  /**
   * On stop, rows committed but not yet published (their NOTIFY not handled yet) are published for up to this long
   * before the relay stops; what is left stays in the table for the next start. Default 3000 ms.
   */
  finalPassMs?: number;
  observer?: OutboxRelayObserver;
  /** Defaults to the Postgres outbox of `dataSource` and a LISTEN on its own connection. */
  store?: OutboxStore;
  listener?: NotificationListener;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Publishes committed outbox rows to the bus. A row is deleted only after the broker acknowledged it, so a crash at
 * any point re-publishes at worst; the event id doubles as `Nats-Msg-Id`, so the broker drops that repeat
 * within its dedupe window and consumers' inboxes drop it after. Rows go out oldest first; a row that keeps
 * failing backs off without holding up the rows behind it.
 */
export class OutboxRelay {
  private readonly store: OutboxStore;
  private readonly listener: NotificationListener;
  private readonly channel: string;
  private readonly log: Logger;
  private readonly wakeup = new Wakeup();
  private readonly batchSize: number;
  private readonly inFlightBatches: number;
  private readonly pollIntervalMs: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly inboxRetentionMs: number;
  private readonly pruneIntervalMs: number;
  private readonly finalPassMs: number;
  private running = false;
  private loop: Promise<void> | null = null;
  private lastPruneAt = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    const schema = schemaOf(options.dataSource);
    const url = (options.dataSource.options as { url?: string }).url;
    if (!options.listener && !url) {
      throw new Error(`OutboxRelay(${schema}): the DataSource has no url to LISTEN with; pass a listener`);
    }
    this.log = options.logger.child({ component: 'outbox-relay' });
    this.store = options.store ?? new PgOutboxStore(options.dataSource);
    this.listener = options.listener ?? new PgNotificationListener(url as string, this.log);
    this.channel = outboxChannel(schema);
    this.batchSize = options.batchSize ?? 500;
    this.inFlightBatches = options.inFlightBatches ?? 2;
    if (!Number.isInteger(this.inFlightBatches) || this.inFlightBatches < 1) {
      throw new RangeError(
        `OutboxRelay: inFlightBatches must be an integer >= 1, got ${this.inFlightBatches}`,
      );
    }
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.baseBackoffMs = options.baseBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.inboxRetentionMs = options.inboxRetentionMs ?? 30 * DAY_MS;
    this.pruneIntervalMs = options.pruneIntervalMs ?? 60 * 60 * 1000;
    this.finalPassMs = options.finalPassMs ?? 3000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listener.listen(this.channel, () => this.wakeup.signal());
    this.loop = this.run();
  }

  /**
   * Finishes the batch in flight, then publishes what is still due, bounded by `finalPassMs`. The service stops its
   * HTTP server and consumers before the relay, so the rows their last transactions committed go out now rather
   * than at the next start: a host that stops its intake and then waits for the pipeline to go idle (embedded
   * mode) needs the intake's last event on the bus. A failing broker ends the pass early; its rows stay.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wakeup.signal();
    await this.loop;
    const deadline = Date.now() + this.finalPassMs;
    try {
      await this.drain(() => Date.now() < deadline);
    } catch (err) {
      this.log.warn(
        { err },
        'outbox relay could not publish the last rows at stop; they go out at the next start',
      );
    }
    await this.listener.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.drain(() => this.running);
        await this.pruneWhenDue();
      } catch (err) {
        this.log.error({ err }, 'outbox relay pass failed; retrying after the poll interval');
      }
      if (this.running) await this.wakeup.wait(this.pollIntervalMs);
    }
  }

  /**
   * Publishes until no due row is left or a batch fails (then the broker is likely down: wait). Up to
   * `inFlightBatches` batches overlap: each holds its own transaction and row locks (SKIP LOCKED makes the next
   * claim take the rows after them), and a batch is claimed only once every publish of the one before it was
   * issued, so the stream receives the rows in claim order.
   */
  private async drain(keepGoing: () => boolean): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let more = true;
    let failure: unknown = null;
    while (keepGoing() && more && failure === null) {
      let issued!: () => void;
      const publishesIssued = new Promise<void>((resolve) => (issued = resolve));
      const batch: Promise<void> = this.store
        .withDueBatch(this.batchSize, async (rows) => {
          const outcomes = this.publishAll(rows);
          issued();
          const settled = await outcomes;
          if (!settled.every((o) => o.ok)) more = false;
          return settled;
        })
        .then(
          (claimed) => {
            if (claimed < this.batchSize) more = false;
          },
          (err: unknown) => {
            failure ??= err;
          },
        )
        .finally(() => {
          issued();
          inFlight.delete(batch);
        });
      inFlight.add(batch);
      await publishesIssued;
      while (inFlight.size >= this.inFlightBatches) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== null) throw failure;
  }

  // Publishes are issued in row order on one connection, so the stream keeps that order even though the acks are
  // awaited together.
  private async publishAll(rows: PendingOutboxRow[]): Promise<PublishOutcome[]> {
    const settled = await Promise.allSettled(
      rows.map((row) => this.options.publisher.publish(row.subject, row.envelope as EventOf<Subject>)),
    );
    return settled.map((result, i): PublishOutcome => {
      const row = rows[i];
      if (result.status === 'fulfilled') {
        this.options.observer?.relayed?.(row.subject);
        return { id: row.id, ok: true };
      }
      const error = errorText(result.reason);
      const attempts = row.attempts + 1;
      this.options.observer?.relayFailed?.(row.subject, attempts);
      this.log.warn({ eventId: row.id, subject: row.subject, attempts, error }, 'outbox publish failed');
      return { id: row.id, ok: false, error, retryInMs: this.backoffMs(attempts) };
    });
  }

  private backoffMs(attempts: number): number {
    return Math.min(this.baseBackoffMs * 2 ** Math.min(attempts - 1, 30), this.maxBackoffMs);
  }

  private async pruneWhenDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPruneAt < this.pruneIntervalMs) return;
    this.lastPruneAt = now;
    const count = await this.store.pruneInbox(this.inboxRetentionMs);
    if (count > 0) this.log.info({ count }, 'pruned old inbox records');
    this.options.observer?.pruned?.(count);
  }
}

function errorText(reason: unknown): string {
  const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  return text.slice(0, 2000);
}

import pino, { type Logger } from 'pino';
import type { EventOf, RpcSubject, Subject } from '@detainer-watch/contracts';
import { DEFAULT_BACKOFF_MS, DEFAULT_MAX_DELIVER, checkRetrySettings } from '../backoff';
import { MemoryBlobStore } from '../blobs/memory-blob-store';
import { encodeJson } from '../decode';
import type { DeliveryDeps } from '../delivery';
import { safeObserver } from '../observer';
import type {
  BlobStore,
  BusObserver,
  ConsumerSpec,
  DeadLetter,
  DeadLetterReader,
  EventHandler,
  MessageBus,
  Subscription,
} from '../ports';
import { SubscriptionSet } from '../subscription-set';
import { InProcessDurable } from './durable';
import { InProcessRpc } from './in-process-rpc';
import type { StoredMessage } from './stored-message';

export interface InProcessBusOptions {
  /** Publishes of the same event id within this window are dropped. Default 2 hours. */
  duplicateWindowMs?: number;
  /** Events kept per subject for durables that have not subscribed yet; beyond it the oldest are dropped. */
  maxRetainedPerSubject?: number;
  /** Dead letters kept per subject for `readDeadLetters`; beyond it the oldest are dropped (they stay in the log). */
  maxDeadLettersPerSubject?: number;
  /** Where report bytes go; default in memory. Pass an `FsBlobStore` to keep them across restarts. */
  blobs?: BlobStore;
  logger?: Logger;
  observer?: BusObserver;
}

interface SubjectLog {
  messages: StoredMessage[];
  nextSeq: number;
}

/**
 * The bus for the embedded single-process mode, with JetStream's delivery semantics: dedupe by event id within a
 * window, one delivery per durable name shared by its subscribers, ack after the handler, backoff redelivery,
 * dead letter after maxDeliver, contract violations terminated and dead-lettered, request/reply.
 *
 * Limits: everything lives in this process's memory. An event not yet handled when the process dies is lost (the
 * transactional outbox upstream republishes only rows it had not marked published); dead letters are kept only up
 * to a bound; a durable that first subscribes after more than `maxRetainedPerSubject` events were published on its
 * subject misses the oldest ones.
 */
export class InProcessBus implements MessageBus, DeadLetterReader {
  readonly blobs: BlobStore;
  private readonly logs = new Map<Subject, SubjectLog>();
  private readonly durables = new Map<string, InProcessDurable>();
  private readonly seenIds = new Map<string, number>();
  private readonly dead = new Map<string, { ids: Set<string>; letters: DeadLetter[] }>();
  private readonly subscriptions = new SubscriptionSet();
  private readonly rpc = new InProcessRpc();
  private readonly deps: DeliveryDeps;
  private readonly logger: Logger;
  private readonly duplicateWindowMs: number;
  private readonly maxRetained: number;
  private readonly maxDead: number;
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.logger = (options.logger ?? pino({ name: 'messaging' })).child({ bus: 'in-process' });
    this.blobs = options.blobs ?? new MemoryBlobStore();
    this.duplicateWindowMs = options.duplicateWindowMs ?? 2 * 60 * 60 * 1000;
    this.maxRetained = options.maxRetainedPerSubject ?? 10_000;
    this.maxDead = options.maxDeadLettersPerSubject ?? 1_000;
    this.deps = {
      deadLetter: async (subject, dl, id) => this.storeDeadLetter(subject, dl, id),
      logger: this.logger,
      observer: safeObserver(options.observer, this.logger),
    };
  }

  /** Nothing to create in memory; kept so callers treat both buses alike. */
  async provision(): Promise<void> {}

  async publish<S extends Subject>(subject: S, event: EventOf<S>): Promise<void> {
    this.assertOpen(`publish to ${subject}`);
    const now = Date.now();
    this.forgetIdsBefore(now - this.duplicateWindowMs);
    if (this.seenIds.has(event.id)) {
      this.logger.debug({ subject, eventId: event.id }, 'duplicate publish dropped');
      return;
    }
    this.seenIds.set(event.id, now);
    const log = this.logOf(subject);
    const headers: Record<string, string[]> = {
      'Nats-Msg-Id': [event.id],
      'Ce-Id': [event.id],
      'Ce-Type': [event.type],
    };
    if (event.reportid) headers['Ce-Reportid'] = [event.reportid];
    log.messages.push({ seq: log.nextSeq++, subject, body: encodeJson(event), headers });
    this.deps.observer.published(subject);
    this.trim(subject);
    for (const d of this.durables.values()) if (d.subject === subject) d.pump();
  }

  async consume<S extends Subject>(spec: ConsumerSpec<S>, handler: EventHandler<S>): Promise<Subscription> {
    this.assertOpen(`consume ${spec.subject}`);
    checkRetrySettings(
      spec.durable,
      spec.maxDeliver ?? DEFAULT_MAX_DELIVER,
      spec.backoffMs ?? DEFAULT_BACKOFF_MS,
    );
    let durable = this.durables.get(spec.durable);
    if (!durable) {
      const log = this.logOf(spec.subject);
      durable = new InProcessDurable(
        spec.durable,
        spec.subject,
        log.messages[0]?.seq ?? log.nextSeq,
        (seq) => this.messageAtOrAfter(spec.subject, seq),
        this.deps,
        () => this.trim(spec.subject),
      );
      this.durables.set(spec.durable, durable);
    } else if (durable.subject !== spec.subject) {
      throw new Error(`durable ${spec.durable} already consumes '${durable.subject}', not '${spec.subject}'`);
    }
    return this.subscriptions.track(durable.join(spec, handler));
  }

  request<Req, Rep>(subject: RpcSubject, request: Req, opts?: { timeoutMs?: number }): Promise<Rep> {
    this.assertOpen(`request ${subject}`);
    return this.rpc.request<Req, Rep>(subject, request, opts);
  }

  async serve<Req, Rep>(subject: RpcSubject, handler: (request: Req) => Promise<Rep>): Promise<Subscription> {
    this.assertOpen(`serve ${subject}`);
    return this.subscriptions.track(this.rpc.serve(subject, handler));
  }

  async readDeadLetters(subject: string, opts?: { limit?: number }): Promise<DeadLetter[]> {
    const letters = this.dead.get(subject)?.letters ?? [];
    return letters.slice(0, opts?.limit ?? letters.length).map((l) => structuredClone(l));
  }

  isHealthy(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.subscriptions.drainAll();
    for (const d of this.durables.values()) d.stopTimers();
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new Error(`cannot ${what}: the in-process bus is closed`);
  }

  private logOf(subject: Subject): SubjectLog {
    let log = this.logs.get(subject);
    if (!log) this.logs.set(subject, (log = { messages: [], nextSeq: 1 }));
    return log;
  }

  /** Sequences in a log are contiguous (only its head is ever dropped), so a position is an offset. */
  private messageAtOrAfter(subject: Subject, seq: number): StoredMessage | undefined {
    const messages = this.logOf(subject).messages;
    if (messages.length === 0) return undefined;
    return messages[Math.max(0, seq - messages[0].seq)];
  }

  /** Drops what every durable of the subject has taken, or the oldest beyond the bound when none subscribed. */
  private trim(subject: Subject): void {
    const log = this.logOf(subject);
    const mine = [...this.durables.values()].filter((d) => d.subject === subject);
    if (mine.length > 0) {
      const floor = Math.min(...mine.map((d) => d.lowestNeeded()));
      const keepFrom = log.messages.findIndex((m) => m.seq >= floor);
      log.messages.splice(0, keepFrom === -1 ? log.messages.length : keepFrom);
      return;
    }
    const excess = log.messages.length - this.maxRetained;
    if (excess > 0) {
      log.messages.splice(0, excess);
      this.logger.warn(
        { subject, dropped: excess },
        'no consumer for this subject yet; oldest events dropped',
      );
    }
  }

  private forgetIdsBefore(cutoff: number): void {
    for (const [id, at] of this.seenIds) {
      if (at >= cutoff) break;
      this.seenIds.delete(id);
    }
  }

  private storeDeadLetter(subject: string, dl: DeadLetter, id: string): void {
    let box = this.dead.get(subject);
    if (!box) this.dead.set(subject, (box = { ids: new Set(), letters: [] }));
    if (box.ids.has(id)) return;
    box.ids.add(id);
    box.letters.push(dl);
    if (box.letters.length > this.maxDead) box.letters.shift();
  }
}

import type { Logger } from 'pino';
import type { Subject } from '@detainer-watch/contracts';
import {
  backoffDelay,
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_BACKOFF_MS,
  DEFAULT_HEARTBEAT_LIMIT_MS,
  DEFAULT_MAX_DELIVER,
} from './backoff';
import { buildDeadLetter, deadLetterId, describeError } from './dead-letter';
import { decodeEvent } from './decode';
import type { BusObserver, ConsumerSpec, DeadLetter, EventHandler } from './ports';

/** One delivery of one stored message, as either broker hands it over. */
export interface Delivery {
  body: Uint8Array;
  headers: Record<string, string[]>;
  /** 1 on first delivery. */
  deliveryCount: number;
  /** Position in the stream; with the durable name it identifies the message for dead-letter dedupe. */
  streamSeq: number;
  /** Resolves once the broker has recorded the ack. */
  ack(): Promise<void>;
  nak(delayMs: number): void;
  term(reason: string): void;
  working(): void;
}

export interface DeliveryDeps {
  /** Publishes a dead letter to `dead.<subject>` with `id` as its dedupe key. */
  deadLetter(subject: string, dl: DeadLetter, id: string): Promise<void>;
  logger: Logger;
  observer: Required<BusObserver>;
}

/**
 * The one consumer algorithm both buses run: validate at the edge (a contract violation is terminated and
 * dead-lettered at once, never retried), run the handler, ack only after it succeeded, otherwise nak with the
 * backoff for this attempt, or dead-letter and terminate once maxDeliver attempts are used up.
 */
export async function processDelivery<S extends Subject>(
  d: Delivery,
  spec: ConsumerSpec<S>,
  handler: EventHandler<S>,
  deps: DeliveryDeps,
): Promise<void> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const { subject, durable } = spec;
  const maxDeliver = spec.maxDeliver ?? DEFAULT_MAX_DELIVER;
  // Child loggers are built only when something is logged: on the happy path they were a measurable cost per message.
  const log = lazy(() =>
    deps.logger.child({ subject, durable, seq: d.streamSeq, deliveryCount: d.deliveryCount }),
  );
  if (d.deliveryCount > 1) deps.observer.redelivered(subject, durable, d.deliveryCount);

  const decoded = decodeEvent(subject, d.body);
  if (!decoded.ok) {
    log().error(
      { issues: decoded.issues, error: decoded.error },
      'invalid message: terminated and dead-lettered',
    );
    const dl = buildDeadLetter({ ...common(d, spec), kind: 'contract_violation', error: decoded.error });
    if (await tryDeadLetter(d, spec, dl, deps, log())) {
      d.term(decoded.error.slice(0, 200));
      deps.observer.consumed(subject, durable, 'terminated', seconds());
    }
    return;
  }

  const event = decoded.event;
  const elog = lazy(() =>
    log().child({ eventId: event.id, ...(event.reportid ? { reportId: event.reportid } : {}) }),
  );
  try {
    await withHeartbeat(d, spec, () =>
      handler(event, { subject, deliveryCount: d.deliveryCount, working: () => d.working() }),
    );
  } catch (err) {
    const error = describeError(err);
    if (d.deliveryCount >= maxDeliver) {
      elog().error({ err }, `handler failed on the last of ${maxDeliver} deliveries: dead-lettered`);
      const dl = buildDeadLetter({ ...common(d, spec), kind: 'max_deliver', error });
      if (await tryDeadLetter(d, spec, dl, deps, elog())) {
        d.term(`max deliveries (${maxDeliver}) reached`);
        deps.observer.consumed(subject, durable, 'dead_letter', seconds());
      }
      return;
    }
    const delay = backoffDelay(spec.backoffMs ?? DEFAULT_BACKOFF_MS, d.deliveryCount);
    elog().warn({ err, retryInMs: delay }, 'handler failed; will retry');
    d.nak(delay);
    deps.observer.consumed(subject, durable, 'retry', seconds());
    return;
  }
  try {
    await d.ack();
    deps.observer.consumed(subject, durable, 'ack', seconds());
  } catch (err) {
    // The work is done but the broker may redeliver; the consumer's inbox makes that harmless.
    elog().warn({ err }, 'ack was not confirmed; the message may be delivered again');
  }
}

/**
 * Signals progress every third of the ack wait while a handler runs, so the ack wait only measures how long a
 * crashed process's message waits for another replica, not how long a handler may take. Stops at the heartbeat
 * limit, so a hung handler's message is still redelivered.
 */
async function withHeartbeat(d: Delivery, spec: ConsumerSpec, run: () => Promise<void>): Promise<void> {
  const limitMs = spec.heartbeatLimitMs ?? DEFAULT_HEARTBEAT_LIMIT_MS;
  if (limitMs <= 0) return run();
  const everyMs = Math.max(100, Math.floor((spec.ackWaitMs ?? DEFAULT_ACK_WAIT_MS) / 3));
  const until = performance.now() + limitMs;
  const timer = setInterval(() => {
    if (performance.now() >= until) clearInterval(timer);
    else d.working();
  }, everyMs);
  timer.unref();
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const common = (d: Delivery, spec: ConsumerSpec) => ({
  subject: spec.subject,
  durable: spec.durable,
  deliveryCount: d.deliveryCount,
  body: d.body,
  headers: d.headers,
});

/**
 * A message is only terminated once its dead letter is stored. When that publish fails it is nak'd instead; the
 * broker delivers it again later (or, past maxDeliver, the max-deliveries path dead-letters it), so it is never lost.
 */
async function tryDeadLetter(
  d: Delivery,
  spec: ConsumerSpec,
  dl: DeadLetter,
  deps: DeliveryDeps,
  log: Logger,
): Promise<boolean> {
  try {
    await deps.deadLetter(spec.subject, dl, deadLetterId(spec.durable, d.streamSeq));
    return true;
  } catch (err) {
    const delay = backoffDelay(spec.backoffMs ?? DEFAULT_BACKOFF_MS, d.deliveryCount);
    log.error({ err, retryInMs: delay }, 'could not publish dead letter; message kept for another attempt');
    d.nak(delay);
    return false;
  }
}

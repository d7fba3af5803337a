import type { EventOf, RpcSubject, Subject } from '@detainer-watch/contracts';

/**
 * The messaging ports. Domain code and services depend on these interfaces only; `JetStreamBus` implements them
 * over NATS JetStream for production and `InProcessBus` in memory for the embedded single-process mode. Both honour
 * the same contract: at-least-once delivery, dedupe by event id, explicit ack after the handler succeeds, backoff
 * on failure, dead letter after maxDeliver, terminate (never retry) on a contract violation.
 */

/** Anything an envelope needs to go on the wire; the CloudEvents `id` is the dedupe key (`Nats-Msg-Id`). */
export interface EventPublisher {
  /** Resolves only when the broker has durably stored the event (JetStream PubAck). Duplicate ids are dropped. */
  publish<S extends Subject>(subject: S, event: EventOf<S>): Promise<void>;
}

export interface ConsumerSpec<S extends Subject = Subject> {
  /** Durable consumer name, unique per (service, subject); replicas of a service share it and so share the work. */
  durable: string;
  subject: S;
  /** Deliveries before the message goes to the dead-letter subject. Default 5. */
  maxDeliver?: number;
  /** Redelivery delays after each failure (ms); the last one repeats. Default [1000, 5000, 15000, 30000]. */
  backoffMs?: number[];
  /**
   * How long the broker waits for an ack before it redelivers (ms): what a crashed process's message waits before
   * another replica gets it. Default: the bus's (30000). The bus signals progress every third of it while the
   * handler runs, so a slow handler is not redelivered under it.
   */
  ackWaitMs?: number;
  /**
   * How long the bus keeps signalling progress for one running handler (ms); a handler still running after that
   * counts as hung, and its message is redelivered one ack wait later. Default 900000 (15 min); 0 never signals.
   */
  heartbeatLimitMs?: number;
  /** Messages processed concurrently by this process. Default 1 (in order). */
  concurrency?: number;
}

export interface DeliveryContext {
  subject: string;
  /** 1 on first delivery. */
  deliveryCount: number;
  /** Tell the broker the handler is still working (extends ack wait). */
  working(): void;
}

export type EventHandler<S extends Subject> = (event: EventOf<S>, ctx: DeliveryContext) => Promise<void>;

export interface Subscription {
  /** Stop taking new messages, let in-flight handlers finish, then stop. */
  drain(): Promise<void>;
}

export interface EventConsumer {
  consume<S extends Subject>(spec: ConsumerSpec<S>, handler: EventHandler<S>): Promise<Subscription>;
}

/** What lands on `dead.<subject>`: the original message, why it died, and how often it was tried. */
export interface DeadLetter {
  subject: string;
  durable: string;
  deliveryCount: number;
  error: string;
  /** `contract_violation` for payloads that failed validation (terminated at once), `max_deliver` otherwise. */
  kind: 'contract_violation' | 'max_deliver';
  failedAt: string;
  /** The original message body as received (UTF-8 text; base64 when it was not valid UTF-8). */
  original: string;
  originalEncoding: 'utf8' | 'base64';
  headers: Record<string, string[]>;
}

/** Synchronous look-ups between services (core NATS request/reply; not persisted). */
export interface RpcClient {
  request<Req, Rep>(subject: RpcSubject, request: Req, opts?: { timeoutMs?: number }): Promise<Rep>;
}

export interface RpcServer {
  serve<Req, Rep>(subject: RpcSubject, handler: (request: Req) => Promise<Rep>): Promise<Subscription>;
}

export interface BlobInfo {
  key: string;
  size: number;
  sha256: string;
}

/** Storage for PDF bytes: the JetStream Object Store in production, a folder in embedded mode. */
export interface BlobStore {
  /** Stores the bytes under `key`; a no-op when the key already holds them. */
  put(
    key: string,
    data: Uint8Array | AsyncIterable<Uint8Array>,
    meta?: { contentType?: string },
  ): Promise<BlobInfo>;
  get(key: string): Promise<Uint8Array | null>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** Everything a service needs from the message system, from one connection. */
export interface MessageBus extends EventPublisher, EventConsumer, RpcClient, RpcServer {
  blobs: BlobStore;
  /** Creates streams and the dead-letter stream if missing (idempotent). */
  provision(): Promise<void>;
  /** Readiness: true while the connection is up. */
  isHealthy(): boolean;
  /** Drains every subscription, flushes, closes. */
  close(): Promise<void>;
}

/**
 * Hooks the bus calls so a service can count what flows through it (service-kit turns them into Prometheus
 * metrics). Every method is optional and must not throw.
 */
export interface BusObserver {
  published?(subject: string): void;
  consumed?(
    subject: string,
    durable: string,
    outcome: 'ack' | 'retry' | 'dead_letter' | 'terminated' | 'duplicate',
    seconds: number,
  ): void;
  redelivered?(subject: string, durable: string, deliveryCount: number): void;
}

/**
 * Reads what landed on `dead.<subject>` (oldest first), for operators and tests. Added beside the original ports:
 * both buses implement it; `MessageBus` itself does not require it.
 */
export interface DeadLetterReader {
  readDeadLetters(subject: string, opts?: { limit?: number }): Promise<DeadLetter[]>;
}

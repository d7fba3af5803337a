import {
  Events,
  StorageType,
  connect,
  headers as natsHeaders,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import pino, { type Logger } from 'pino';
import type { EventOf, RpcSubject, Subject } from '@detainer-watch/contracts';
import { ObjectStoreBlobStore } from '../blobs/object-store-blob-store';
import { encodeJson } from '../decode';
import { DEFAULT_ACK_WAIT_MS } from '../backoff';
import type { DeliveryDeps } from '../delivery';
import { WireNames } from '../naming';
import { safeObserver } from '../observer';
import type {
  BusObserver,
  ConsumerSpec,
  DeadLetter,
  DeadLetterReader,
  EventHandler,
  MessageBus,
  Subscription,
} from '../ports';
import { JetStreamConsumer } from './jetstream-consumer';
import { NatsRpc } from './nats-rpc';
import { ensureReplicas, ensureStream } from './provision';
import { SubscriptionSet } from '../subscription-set';

export interface JetStreamBusOptions {
  servers: string | string[];
  /** Connection name shown by the server's monitoring (`connz`); use the service name. */
  name: string;
  /** Prepended to every subject on the wire, dead-letter and rpc subjects included. Default ''. */
  subjectPrefix?: string;
  /** Prepended to stream names and the object-store bucket. Default 'DETAINER_'. */
  streamPrefix?: string;
  /** JetStream dedupes publishes with the same event id within this window. Default 2 hours. */
  duplicateWindowMs?: number;
  /**
   * Ack wait of consumers that set none (ms): how long a message held by a process that died waits before another
   * replica gets it. Running handlers signal progress, so it does not limit how long they take. Default 30000.
   */
  ackWaitMs?: number;
  /**
   * Copies of each stream and of the object store kept by a NATS cluster (1, 3 or 5). Default 1, a single server;
   * with 3, the pipeline keeps running when one of three servers goes down.
   */
  streamReplicas?: number;
  /** Fixed wait between reconnect attempts (the client retries forever). Default 2000 ms. */
  reconnectWaitMs?: number;
  logger?: Logger;
  observer?: BusObserver;
}

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

interface StreamSettings {
  duplicateWindowMs: number;
  defaultAckWaitMs: number;
  replicas: number;
}

/**
 * The production bus: events on JetStream (durable, deduped, redelivered), request/reply on core NATS, report bytes
 * in the Object Store, all over one connection.
 */
export class JetStreamBus implements MessageBus, DeadLetterReader {
  readonly blobs: ObjectStoreBlobStore;
  private readonly subscriptions = new SubscriptionSet();
  private readonly rpc: NatsRpc;
  private readonly deps: DeliveryDeps;
  private connected = true;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly names: WireNames,
    private readonly settings: StreamSettings,
    private readonly logger: Logger,
    observer: BusObserver | undefined,
  ) {
    this.rpc = new NatsRpc(nc, (s) => names.subject(s), logger);
    this.blobs = new ObjectStoreBlobStore(
      () => js.views.os(names.bucket, { storage: StorageType.File, replicas: settings.replicas }),
      names.bucket,
    );
    this.deps = {
      deadLetter: (subject, dl, id) => this.publishDeadLetter(subject, dl, id),
      logger,
      observer: safeObserver(observer, logger),
    };
    this.watchConnection().catch((err: unknown) => logger.warn({ err }, 'connection status stream ended'));
  }

  static async connect(options: JetStreamBusOptions): Promise<JetStreamBus> {
    const logger = (options.logger ?? pino({ name: 'messaging' })).child({ bus: 'jetstream' });
    const names = new WireNames(options.subjectPrefix ?? '', options.streamPrefix ?? 'DETAINER_');
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: options.servers,
        name: options.name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: options.reconnectWaitMs ?? 2000,
        reconnectJitter: 500,
        // Otherwise every request (each publish's PubAck, each confirmed ack) builds an Error for its stack up
        // front, whether it fails or not: a large share of the client's CPU at thousands of events per second.
        noAsyncTraces: true,
      });
    } catch (err) {
      throw new Error(`cannot connect to NATS at ${String(options.servers)}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    let jsm: JetStreamManager;
    try {
      jsm = await nc.jetstreamManager();
    } catch (err) {
      await nc.close();
      throw new Error(
        `NATS at ${nc.getServer()} has no usable JetStream (is nats-server running with -js?): ${(err as Error).message}`,
        { cause: err },
      );
    }
    logger.info({ server: nc.getServer(), subjectPrefix: names.subjectPrefix }, 'connected to NATS');
    return new JetStreamBus(
      nc,
      nc.jetstream(),
      jsm,
      names,
      {
        duplicateWindowMs: options.duplicateWindowMs ?? TWO_HOURS_MS,
        defaultAckWaitMs: options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS,
        replicas: options.streamReplicas ?? 1,
      },
      logger,
      options.observer,
    );
  }

  private async watchConnection(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === Events.Disconnect) {
        this.connected = false;
        this.logger.warn({ server: s.data }, 'disconnected from NATS; reconnecting');
      } else if (s.type === Events.Reconnect) {
        this.connected = true;
        this.logger.info({ server: s.data }, 'reconnected to NATS');
      } else if (s.type === Events.Error) {
        this.logger.error({ data: s.data }, 'NATS connection error');
      }
    }
  }

  async provision(): Promise<void> {
    const { duplicateWindowMs, replicas } = this.settings;
    await ensureStream(
      this.jsm,
      { name: this.names.eventsStream, subjects: this.names.eventSubjects(), duplicateWindowMs, replicas },
      this.logger,
    );
    await ensureStream(
      this.jsm,
      { name: this.names.deadStream, subjects: [this.names.deadWildcard()], duplicateWindowMs, replicas },
      this.logger,
    );
    await this.js.views.os(this.names.bucket, { storage: StorageType.File, replicas });
    await ensureReplicas(this.jsm, `OBJ_${this.names.bucket}`, replicas, this.logger);
  }

  /**
   * JetStream drops a second publish of the same event id within the duplicate window, so a relay may safely
   * republish after a crash. Outside the window, and on redelivery, duplicates still reach consumers: they dedupe
   * with their inbox.
   */
  async publish<S extends Subject>(subject: S, event: EventOf<S>): Promise<void> {
    const h = natsHeaders();
    h.set('Ce-Id', event.id);
    h.set('Ce-Type', event.type);
    if (event.reportid) h.set('Ce-Reportid', event.reportid);
    await this.publishBytes(this.names.subject(subject), encodeJson(event), event.id, h);
    this.deps.observer.published(subject);
  }

  private async publishBytes(
    wire: string,
    body: Uint8Array,
    msgId: string,
    h: ReturnType<typeof natsHeaders>,
  ): Promise<void> {
    const limit = this.nc.info?.max_payload;
    if (limit !== undefined && body.byteLength > limit) {
      throw new Error(
        `cannot publish to ${wire}: body is ${body.byteLength} bytes, the server's max_payload is ${limit} bytes`,
      );
    }
    const ack = await this.js.publish(wire, body, { msgID: msgId, headers: h });
    if (ack.duplicate)
      this.logger.debug({ subject: wire, eventId: msgId }, 'duplicate publish dropped by JetStream');
  }

  private async publishDeadLetter(subject: string, dl: DeadLetter, id: string): Promise<void> {
    const h = natsHeaders();
    h.set('Dead-Letter-Kind', dl.kind);
    await this.publishBytes(this.names.deadSubject(subject), encodeJson(dl), id, h);
  }

  async consume<S extends Subject>(spec: ConsumerSpec<S>, handler: EventHandler<S>): Promise<Subscription> {
    const consumer = new JetStreamConsumer(
      {
        nc: this.nc,
        js: this.js,
        jsm: this.jsm,
        stream: this.names.eventsStream,
        wireSubject: this.names.subject(spec.subject),
        deps: this.deps,
        defaultAckWaitMs: this.settings.defaultAckWaitMs,
      },
      spec,
      handler,
    );
    await consumer.start();
    return this.subscriptions.track(consumer);
  }

  request<Req, Rep>(subject: RpcSubject, request: Req, opts?: { timeoutMs?: number }): Promise<Rep> {
    return this.rpc.request<Req, Rep>(subject, request, opts);
  }

  async serve<Req, Rep>(subject: RpcSubject, handler: (request: Req) => Promise<Rep>): Promise<Subscription> {
    return this.subscriptions.track(await this.rpc.serve(subject, handler));
  }

  /** Reads with JetStream's direct get (next message by subject from a sequence), so no consumer is created. */
  async readDeadLetters(subject: string, opts?: { limit?: number }): Promise<DeadLetter[]> {
    const wire = this.names.deadSubject(subject);
    const limit = opts?.limit ?? Number.POSITIVE_INFINITY;
    const api = `$JS.API.DIRECT.GET.${this.names.deadStream}`;
    const out: DeadLetter[] = [];
    let seq = 1;
    while (out.length < limit) {
      const m = await this.nc.request(api, encodeJson({ seq, next_by_subj: wire }), { timeout: 5000 });
      if (m.headers?.code === 404) break;
      if (m.headers?.hasError) {
        throw new Error(
          `reading dead letters of ${subject} failed: ${m.headers.code} ${m.headers.description}`,
        );
      }
      out.push(m.json<DeadLetter>());
      seq = Number(m.headers?.get('Nats-Sequence')) + 1;
    }
    return out;
  }

  isHealthy(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  async close(): Promise<void> {
    try {
      await this.subscriptions.drainAll();
    } finally {
      if (!this.nc.isClosed()) await this.nc.drain();
      this.logger.info('NATS connection drained and closed');
    }
  }
}

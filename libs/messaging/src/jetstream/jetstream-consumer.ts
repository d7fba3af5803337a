import {
  AckPolicy,
  DeliverPolicy,
  NatsError,
  nanos,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type Msg,
  type NatsConnection,
  type Subscription as NatsSubscription,
} from 'nats';
import type { Logger } from 'pino';
import type { Subject } from '@detainer-watch/contracts';
import { DEFAULT_BACKOFF_MS, DEFAULT_MAX_DELIVER, checkRetrySettings } from '../backoff';
import { TaskPool } from '../concurrency';
import { buildDeadLetter, deadLetterId } from '../dead-letter';
import { processDelivery, type Delivery, type DeliveryDeps } from '../delivery';
import type { ConsumerSpec, EventHandler, Subscription } from '../ports';
import { headersToRecord } from './headers';

export interface ConsumerWiring {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  wireSubject: string;
  deps: DeliveryDeps;
  /** Ack wait of consumers whose spec sets none. */
  defaultAckWaitMs: number;
}

/** What the server publishes when it gives up on a message: it was delivered max_deliver times without an ack. */
interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

const isConsumerNotFound = (err: unknown) => err instanceof NatsError && err.api_error?.err_code === 10014;

function toDelivery(m: JsMsg): Delivery {
  return {
    body: m.data,
    headers: headersToRecord(m.headers),
    deliveryCount: m.info.deliveryCount,
    streamSeq: m.info.streamSequence,
    // A plain ack, not ackAck: the confirmation would cost a request per message (a reply subscription entry, a
    // timer, an error object) and buys nothing, because a lost ack only means a redelivery, which consumers absorb
    // with their inbox; nothing is acked before the handler's effects are committed either way.
    ack: async () => {
      m.ack();
    },
    nak: (delayMs) => m.nak(delayMs),
    term: (reason) => m.term(reason),
    working: () => m.working(),
  };
}

/**
 * A durable pull consumer and its loop. Only `concurrency` messages are pulled ahead, so a message never waits in a
 * client buffer while its ack wait runs out. Messages the server stops delivering after max_deliver without our
 * handler having seen the last attempt (the process died or hung mid-handler) are caught through the server's
 * MAX_DELIVERIES advisory and dead-lettered from the stream by sequence.
 */
export class JetStreamConsumer<S extends Subject> implements Subscription {
  private messages?: ConsumerMessages;
  private advisories?: NatsSubscription;
  private loop?: Promise<void>;
  private readonly pool: TaskPool;
  private readonly log: Logger;
  private readonly spec: ConsumerSpec<S>;

  constructor(
    private readonly w: ConsumerWiring,
    spec: ConsumerSpec<S>,
    private readonly handler: EventHandler<S>,
  ) {
    this.spec = { ...spec, ackWaitMs: spec.ackWaitMs ?? w.defaultAckWaitMs };
    checkRetrySettings(
      spec.durable,
      spec.maxDeliver ?? DEFAULT_MAX_DELIVER,
      spec.backoffMs ?? DEFAULT_BACKOFF_MS,
    );
    this.pool = new TaskPool(spec.concurrency ?? 1);
    this.log = w.deps.logger.child({ durable: spec.durable, subject: spec.subject });
  }

  async start(): Promise<void> {
    await this.ensureConsumer();
    // Listen before pulling, so an advisory triggered by our own first pull is not missed.
    this.advisories = this.w.nc.subscribe(
      `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${this.w.stream}.${this.spec.durable}`,
      { queue: this.spec.durable, callback: (err, msg) => this.onAdvisory(err, msg) },
    );
    const consumer = await this.w.js.consumers.get(this.w.stream, this.spec.durable);
    this.messages = await consumer.consume({ max_messages: this.spec.concurrency ?? 1 });
    this.watchStatus(this.messages).catch((err: unknown) =>
      this.log.warn({ err }, 'consumer status stream ended'),
    );
    this.loop = this.run(this.messages);
  }

  private async ensureConsumer(): Promise<void> {
    const config: Partial<ConsumerConfig> = {
      durable_name: this.spec.durable,
      filter_subject: this.w.wireSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_deliver: this.spec.maxDeliver ?? DEFAULT_MAX_DELIVER,
      ack_wait: nanos(this.spec.ackWaitMs!),
    };
    try {
      const info = await this.w.jsm.consumers.info(this.w.stream, this.spec.durable);
      if (info.config.filter_subject !== config.filter_subject) {
        throw new Error(
          `durable ${this.spec.durable} on ${this.w.stream} already filters '${info.config.filter_subject}', not '${config.filter_subject}'; use another durable name`,
        );
      }
      if (info.config.max_deliver !== config.max_deliver || info.config.ack_wait !== config.ack_wait) {
        await this.w.jsm.consumers.update(this.w.stream, this.spec.durable, {
          max_deliver: config.max_deliver,
          ack_wait: config.ack_wait,
        });
      }
    } catch (err) {
      if (!isConsumerNotFound(err)) throw err;
      await this.w.jsm.consumers.add(this.w.stream, config);
      this.log.info({ stream: this.w.stream }, 'durable consumer created');
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      await this.pool.submit(() => processDelivery(toDelivery(m), this.spec, this.handler, this.w.deps));
    }
    await this.pool.idle();
  }

  private async watchStatus(messages: ConsumerMessages): Promise<void> {
    for await (const s of await messages.status()) {
      if (
        s.type === 'heartbeats_missed' ||
        s.type === 'consumer_not_found' ||
        s.type === 'consumer_deleted'
      ) {
        this.log.warn({ status: s.type, data: s.data }, 'consumer status');
      }
    }
  }

  private onAdvisory(err: NatsError | null, msg: Msg): void {
    if (err) {
      this.log.error({ err }, 'max-deliveries advisory subscription failed');
      return;
    }
    let advisory: MaxDeliveriesAdvisory;
    try {
      advisory = msg.json<MaxDeliveriesAdvisory>();
    } catch (parseErr) {
      this.log.error({ err: parseErr }, 'unreadable max-deliveries advisory');
      return;
    }
    void this.onMaxDeliveries(advisory);
  }

  private async onMaxDeliveries(a: MaxDeliveriesAdvisory): Promise<void> {
    const log = this.log.child({ seq: a.stream_seq, deliveries: a.deliveries });
    try {
      const stored = await this.w.jsm.streams.getMessage(this.w.stream, { seq: a.stream_seq });
      const dl = buildDeadLetter({
        subject: this.spec.subject,
        durable: this.spec.durable,
        deliveryCount: a.deliveries,
        kind: 'max_deliver',
        error: `delivered ${a.deliveries} times without an ack (handler failed, hung past its ack wait, or the process died)`,
        body: stored.data,
        headers: headersToRecord(stored.header),
      });
      await this.w.deps.deadLetter(this.spec.subject, dl, deadLetterId(this.spec.durable, a.stream_seq));
      log.error('server gave up on a message after max deliveries: dead-lettered');
    } catch (err) {
      log.error({ err }, 'could not dead-letter a message the server gave up on; it stays in the stream');
    }
  }

  async drain(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    await this.advisories?.drain();
  }
}

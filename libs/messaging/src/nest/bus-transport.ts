import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import pino, { type Logger } from 'pino';
import { RpcSubjects, allSubjects, type RpcSubject, type Subject } from '@detainer-watch/contracts';
import { durableName } from '../naming';
import type { ConsumerSpec, MessageBus, Subscription } from '../ports';
import { BusContext } from './bus-context';

/** Options an `@EventPattern(subject, extras)` may carry; they become the consumer's settings. */
export type EventPatternExtras = Partial<
  Pick<ConsumerSpec, 'durable' | 'maxDeliver' | 'backoffMs' | 'ackWaitMs' | 'concurrency'>
>;

export interface BusTransportOptions {
  bus: MessageBus;
  /** Service name; durable consumers are named `${service}_${subject with dots → _}`. */
  service: string;
  logger?: Logger;
}

const EXTRA_KEYS = new Set(['durable', 'maxDeliver', 'backoffMs', 'ackWaitMs', 'concurrency']);
const rpcSubjects: readonly string[] = Object.values(RpcSubjects);

/**
 * Lets a Nest app keep ordinary `@EventPattern(Subjects.X)` handlers while delivery runs on the bus: each event
 * handler becomes a durable consumer (ack after the handler resolves; a rejection means retry with backoff, then
 * dead letter), and each `@MessagePattern(RpcSubjects.X)` handler serves that request/reply subject. The bus is
 * owned by the caller: close() drains this transport's subscriptions and leaves the connection to its owner.
 */
export class BusTransport extends Server implements CustomTransportStrategy {
  private readonly subscriptions: Subscription[] = [];
  private readonly log: Logger;

  constructor(private readonly options: BusTransportOptions) {
    super();
    this.log = (options.logger ?? pino({ name: 'messaging' })).child({
      transport: 'bus',
      service: options.service,
    });
  }

  listen(callback: (err?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (err: unknown) => callback(err),
    );
  }

  private async start(): Promise<void> {
    for (const [pattern, handler] of this.getHandlers()) {
      if (handler.isEventHandler) await this.consume(pattern, handler);
      else await this.serveRpc(pattern, handler);
    }
  }

  private async consume(pattern: string, handler: MessageHandler): Promise<void> {
    if (!(allSubjects as readonly string[]).includes(pattern)) {
      throw new Error(
        `@EventPattern('${pattern}') in ${this.options.service} is not an event subject; expected one of ${allSubjects.join(', ')}`,
      );
    }
    const subject = pattern as Subject;
    const spec: ConsumerSpec = {
      durable: durableName(this.options.service, subject),
      subject,
      ...this.extrasOf(pattern, handler.extras),
    };
    const sub = await this.options.bus.consume(spec, async (event, delivery) => {
      await settle(await handler(event, new BusContext([delivery])));
    });
    this.subscriptions.push(sub);
    this.log.info({ subject, durable: spec.durable }, 'event handler bound to durable consumer');
  }

  private async serveRpc(pattern: string, handler: MessageHandler): Promise<void> {
    if (!rpcSubjects.includes(pattern)) {
      throw new Error(
        `@MessagePattern('${pattern}') in ${this.options.service} is not an rpc subject; expected one of ${rpcSubjects.join(', ')}`,
      );
    }
    const sub = await this.options.bus.serve(pattern as RpcSubject, async (request: unknown) =>
      settle(await handler(request)),
    );
    this.subscriptions.push(sub);
    this.log.info({ rpc: pattern }, 'message handler serving rpc subject');
  }

  private extrasOf(pattern: string, extras: Record<string, unknown> | undefined): EventPatternExtras {
    const unknown = Object.keys(extras ?? {}).filter((k) => !EXTRA_KEYS.has(k));
    if (unknown.length > 0) {
      throw new Error(
        `@EventPattern('${pattern}') in ${this.options.service} has unknown option(s) ${unknown.join(', ')}; allowed: ${[...EXTRA_KEYS].join(', ')}`,
      );
    }
    return (extras ?? {}) as EventPatternExtras;
  }

  async close(): Promise<void> {
    const subs = this.subscriptions.splice(0);
    await Promise.all(subs.map((s) => s.drain()));
  }

  /** This transport emits no events of its own; the bus observer reports what flows through it. */
  on(): never {
    throw new Error('BusTransport has no events to listen to; pass a BusObserver to the bus instead');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }
}

/**
 * Nest wraps handler results (and exception-filter output) in observables; the handler counts as done only when
 * that stream completes, and as failed when it errors, so the bus acks or retries on the real outcome.
 */
async function settle(result: unknown): Promise<unknown> {
  return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
}

import type { Subject } from '@detainer-watch/contracts';
import { DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER } from '../backoff';
import { buildDeadLetter, deadLetterId } from '../dead-letter';
import { processDelivery, type Delivery, type DeliveryDeps } from '../delivery';
import type { ConsumerSpec, EventHandler, Subscription } from '../ports';
import type { StoredMessage } from './stored-message';

interface Attempt {
  msg: StoredMessage;
  deliveryCount: number;
}

interface Member {
  spec: ConsumerSpec;
  handler: EventHandler<Subject>;
  concurrency: number;
  inFlight: number;
  draining: boolean;
  running: Set<Promise<void>>;
}

/**
 * One durable consumer of the in-process bus: a cursor into its subject's log plus the messages waiting for a
 * redelivery. Every `consume()` with the same durable name joins as a member; each message goes to one member.
 * Like JetStream's ack wait, a handler that neither succeeds, fails nor signals progress within ackWaitMs (the bus
 * signals for it up to the heartbeat limit) loses its message to a redelivery (its slot is freed; its eventual
 * outcome is ignored), and after maxDeliver such expiries the message is dead-lettered.
 */
export class InProcessDurable {
  /** Next log sequence to deliver for the first time. */
  cursor: number;
  private readonly ready: Attempt[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly members: Member[] = [];
  private turn = 0;

  constructor(
    readonly name: string,
    readonly subject: Subject,
    startSeq: number,
    private readonly next: (seq: number) => StoredMessage | undefined,
    private readonly deps: DeliveryDeps,
    private readonly onProgress: () => void,
  ) {
    this.cursor = startSeq;
  }

  join<S extends Subject>(spec: ConsumerSpec<S>, handler: EventHandler<S>): Subscription {
    const member: Member = {
      spec,
      handler: handler as EventHandler<Subject>,
      concurrency: spec.concurrency ?? 1,
      inFlight: 0,
      draining: false,
      running: new Set(),
    };
    this.members.push(member);
    this.pump();
    return {
      drain: async () => {
        member.draining = true;
        while (member.running.size > 0) await Promise.allSettled([...member.running]);
        this.members.splice(this.members.indexOf(member), 1);
      },
    };
  }

  /** Delivers while a member has a free slot and a message is due. Redeliveries go first, like on JetStream. */
  pump(): void {
    for (;;) {
      const member = this.freeMember();
      if (!member) return;
      const attempt = this.ready.shift() ?? this.takeNew();
      if (!attempt) return;
      this.deliver(member, attempt);
    }
  }

  private takeNew(): Attempt | undefined {
    const msg = this.next(this.cursor);
    if (!msg) return undefined;
    this.cursor = msg.seq + 1;
    this.onProgress();
    return { msg, deliveryCount: 1 };
  }

  private freeMember(): Member | undefined {
    for (let i = 0; i < this.members.length; i++) {
      const m = this.members[(this.turn + i) % this.members.length];
      if (!m.draining && m.inFlight < m.concurrency) {
        this.turn = (this.turn + i + 1) % this.members.length;
        return m;
      }
    }
    return undefined;
  }

  private deliver(member: Member, attempt: Attempt): void {
    const spec = member.spec;
    const maxDeliver = spec.maxDeliver ?? DEFAULT_MAX_DELIVER;
    const ackWaitMs = spec.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
    let settled = false;
    let slotHeld = true;
    const releaseSlot = () => {
      if (!slotHeld) return;
      slotHeld = false;
      member.inFlight--;
      this.pump();
    };
    const settle = () => {
      if (settled) return false;
      settled = true;
      clearTimeout(ackTimer);
      return true;
    };
    const expire = () => {
      if (!settle()) return;
      releaseSlot();
      if (attempt.deliveryCount >= maxDeliver) void this.deadLetterAbandoned(spec, attempt);
      else this.requeue(attempt, 0);
    };
    let ackTimer = setTimeout(expire, ackWaitMs);
    member.inFlight++;

    const d: Delivery = {
      body: attempt.msg.body,
      headers: attempt.msg.headers,
      deliveryCount: attempt.deliveryCount,
      streamSeq: attempt.msg.seq,
      ack: async () => {
        settle();
      },
      nak: (delayMs) => {
        if (settle()) this.requeue(attempt, delayMs);
      },
      term: () => {
        settle();
      },
      working: () => {
        if (settled) return;
        clearTimeout(ackTimer);
        ackTimer = setTimeout(expire, ackWaitMs);
      },
    };
    const run: Promise<void> = processDelivery(d, spec, member.handler, this.deps).finally(() => {
      member.running.delete(run);
      releaseSlot();
    });
    member.running.add(run);
  }

  private requeue(attempt: Attempt, delayMs: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.ready.push({ msg: attempt.msg, deliveryCount: attempt.deliveryCount + 1 });
      this.pump();
    }, delayMs);
    this.timers.add(t);
  }

  private async deadLetterAbandoned(spec: ConsumerSpec, attempt: Attempt): Promise<void> {
    const dl = buildDeadLetter({
      subject: spec.subject,
      durable: spec.durable,
      deliveryCount: attempt.deliveryCount,
      kind: 'max_deliver',
      error: `delivered ${attempt.deliveryCount} times without an ack (handler hung past its ack wait)`,
      body: attempt.msg.body,
      headers: attempt.msg.headers,
    });
    await this.deps.deadLetter(spec.subject, dl, deadLetterId(spec.durable, attempt.msg.seq));
    this.deps.logger.error(
      { durable: spec.durable, seq: attempt.msg.seq },
      'message abandoned after max deliveries: dead-lettered',
    );
  }

  /** Sequences this durable still needs from the log: everything from the lowest one not yet taken. */
  lowestNeeded(): number {
    return this.cursor;
  }

  stopTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

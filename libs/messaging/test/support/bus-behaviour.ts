import { RpcSubjects, Subjects, type EventOf } from '@detainer-watch/contracts';
import type { DeadLetterReader, MessageBus } from '../../src';
import { RpcError } from '../../src';
import { sleep, waitFor, POLL } from '@detainer-watch/testing';
import { captureLogs, fetchFailed, type CapturedLogs } from './events';

export type TestBus = MessageBus & DeadLetterReader;

export interface BusHarness {
  /**
   * A bus as a fresh service process would open it. Durable state must outlive one bus: for JetStream every call
   * opens a new connection; the in-process bus returns its one instance (its durables live in it).
   */
  openBus(logs: CapturedLogs): Promise<TestBus>;
  teardown(): Promise<void>;
}

type Ev = EventOf<typeof Subjects.ReportFetchFailed>;
export const SUBJECT = Subjects.ReportFetchFailed;

/**
 * Waits for the dead letter of one message for one durable (new durables also see earlier tests' messages), then
 * a little longer, so a second, duplicate dead letter would be caught too.
 */
export async function deadLettersOf(bus: TestBus, durable: string, eventId: string, timeoutMs = 15000) {
  const find = async () =>
    (await bus.readDeadLetters(SUBJECT)).filter(
      (d) => d.durable === durable && d.headers['Nats-Msg-Id']?.[0] === eventId,
    );
  await waitFor(async () => (await find()).length > 0, {
    ...POLL,
    timeoutMs,
    message: `the dead letter of ${eventId}`,
  });
  await sleep(300);
  return find();
}

/** The behaviour both buses must share; each implementation's spec runs it with its own harness. */
export function describeBusBehaviour(name: string, makeHarness: () => Promise<BusHarness>): void {
  describe(`${name}: shared bus behaviour`, () => {
    let harness: BusHarness;
    let logs: CapturedLogs;
    let bus: TestBus;
    let n = 0;
    const durable = () => `d${++n}_${Date.now().toString(36)}`;
    const id = (tag: string) => `${tag}-${n}-${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      harness = await makeHarness();
    });
    afterAll(async () => {
      await harness.teardown();
    });
    beforeEach(async () => {
      logs = captureLogs();
      bus = await harness.openBus(logs);
    });

    it('delivers an event published while its durable consumer was offline', async () => {
      const name = durable();
      const first = await bus.consume({ durable: name, subject: SUBJECT }, async () => undefined);
      await first.drain();
      const event = fetchFailed(id('offline'));
      await bus.publish(SUBJECT, event);

      const later = await harness.openBus(logs);
      const got: Ev[] = [];
      const sub = await later.consume({ durable: name, subject: SUBJECT }, async (e) => void got.push(e));
      await waitFor(() => got.some((e) => e.id === event.id), { ...POLL, message: 'the offline event' });
      await sub.drain();
      expect(got.filter((e) => e.id === event.id)).toHaveLength(1);
      expect(got.find((e) => e.id === event.id)).toEqual(event);
    });

    it('redelivers a failing handler with growing delays, then dead-letters the original with the error', async () => {
      const name = durable();
      const event = fetchFailed(id('failing'));
      const attempts: { at: number; count: number }[] = [];
      const sub = await bus.consume(
        { durable: name, subject: SUBJECT, maxDeliver: 4, backoffMs: [200, 500, 1000] },
        async (e, ctx) => {
          if (e.id !== event.id) return;
          attempts.push({ at: Date.now(), count: ctx.deliveryCount });
          throw new Error(`smtp refused attempt ${ctx.deliveryCount}`);
        },
      );
      await bus.publish(SUBJECT, event);
      await waitFor(() => attempts.length === 4, { ...POLL, message: '4 attempts' });
      const mine = await deadLettersOf(bus, name, event.id);
      await sub.drain();

      expect(attempts.map((a) => a.count)).toEqual([1, 2, 3, 4]);
      const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
      expect(gaps[0]).toBeGreaterThanOrEqual(180);
      expect(gaps[1]).toBeGreaterThanOrEqual(450);
      expect(gaps[2]).toBeGreaterThanOrEqual(900);
      expect(gaps[0]).toBeLessThan(gaps[1]);
      expect(gaps[1]).toBeLessThan(gaps[2]);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        subject: SUBJECT,
        kind: 'max_deliver',
        deliveryCount: 4,
        error: 'Error: smtp refused attempt 4',
        originalEncoding: 'utf8',
      });
      expect(JSON.parse(mine[0].original)).toEqual(event);
    });

    it('keeps a handler that runs longer than its ack wait from being redelivered, by signalling progress', async () => {
      const name = durable();
      const event = fetchFailed(id('slow'));
      const deliveries: number[] = [];
      const sub = await bus.consume(
        { durable: name, subject: SUBJECT, ackWaitMs: 1000, maxDeliver: 3 },
        async (e, ctx) => {
          if (e.id !== event.id) return;
          deliveries.push(ctx.deliveryCount);
          await sleep(3500);
        },
      );
      await bus.publish(SUBJECT, event);
      await waitFor(() => deliveries.length > 0, { ...POLL, message: 'the slow event' });
      await sleep(4500);
      await sub.drain();
      expect(deliveries).toEqual([1]);
    });

    it('delivers an event published twice with the same id once', async () => {
      const name = durable();
      const seen: string[] = [];
      const sub = await bus.consume({ durable: name, subject: SUBJECT }, async (e) => void seen.push(e.id));
      const dup = fetchFailed(id('dup'));
      const sentinel = fetchFailed(id('sentinel'));
      await bus.publish(SUBJECT, dup);
      await bus.publish(SUBJECT, { ...dup, time: new Date(Date.now() + 1000).toISOString() });
      await bus.publish(SUBJECT, sentinel);
      await waitFor(() => seen.includes(sentinel.id), { ...POLL, message: 'the sentinel' });
      await sub.drain();
      expect(seen.filter((s) => s === dup.id)).toHaveLength(1);
    });

    it('terminates, logs and dead-letters an invalid payload and processes the valid ones behind it', async () => {
      const name = durable();
      const handled: string[] = [];
      const sub = await bus.consume({ durable: name, subject: SUBJECT, maxDeliver: 3 }, async (e) => {
        handled.push(e.id);
      });
      const badId = id('bad');
      const bad = { ...fetchFailed(badId), data: { schemaVersion: 1, sourceId: 42 } } as unknown as Ev;
      const after = [fetchFailed(id('ok1')), fetchFailed(id('ok2'))];
      await bus.publish(SUBJECT, bad);
      for (const e of after) await bus.publish(SUBJECT, e);
      await waitFor(() => after.every((e) => handled.includes(e.id)), {
        ...POLL,
        message: 'the valid events',
      });
      const mine = await deadLettersOf(bus, name, badId);
      await sub.drain();

      expect(handled).not.toContain(badId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'contract_violation', deliveryCount: 1 });
      expect(mine[0].error).toMatch(/^message on report.fetch_failed breaks its contract: .*data\.sourceId/);
      expect(JSON.parse(mine[0].original).id).toBe(badId);
      const line = logs.lines.find(
        (l) => l.msg === 'invalid message: terminated and dead-lettered' && l.durable === name,
      );
      expect(line).toMatchObject({ subject: SUBJECT, deliveryCount: 1 });
      expect(line?.seq).toEqual(expect.any(Number));
      expect(line?.issues).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'data.sourceId' })]),
      );
    });

    it('runs up to `concurrency` handlers at once and acks each', async () => {
      const name = durable();
      const events = Array.from({ length: 8 }, (_, i) => fetchFailed(id(`par${i}`)));
      const ids = new Set(events.map((e) => e.id));
      let active = 0;
      let peak = 0;
      const done: string[] = [];
      const sub = await bus.consume({ durable: name, subject: SUBJECT, concurrency: 4 }, async (e) => {
        if (!ids.has(e.id)) return;
        active++;
        peak = Math.max(peak, active);
        await sleep(150);
        active--;
        done.push(e.id);
      });
      for (const e of events) await bus.publish(SUBJECT, e);
      await waitFor(() => done.length === 8, { ...POLL, message: 'all 8 events' });
      await sub.drain();
      expect(peak).toBe(4);
      expect(new Set(done)).toEqual(ids);
    });

    it('answers rpc requests, returns handler errors as errors, and names the subject on timeout', async () => {
      const subject = RpcSubjects.ResolveJurisdiction;
      const server = await bus.serve<{ q: string }, { echo: string }>(subject, async (req) => {
        if (req.q === 'boom') throw new Error('gazetteer not loaded');
        if (req.q === 'slow') await sleep(600);
        return { echo: req.q.toUpperCase() };
      });
      await expect(bus.request(subject, { q: 'hartford' })).resolves.toEqual({ echo: 'HARTFORD' });
      const started = Date.now();
      const err = await bus.request(subject, { q: 'boom' }, { timeoutMs: 3000 }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(err).toBeInstanceOf(RpcError);
      expect((err as Error).message).toBe(`rpc ${subject} failed on the server: Error: gazetteer not loaded`);
      await expect(bus.request(subject, { q: 'slow' }, { timeoutMs: 100 })).rejects.toThrow(
        `rpc ${subject}: no reply within 100 ms`,
      );
      await server.drain();
      await expect(bus.request(subject, { q: 'x' }, { timeoutMs: 500 })).rejects.toThrow(
        `rpc ${subject}: no server is listening`,
      );
    });
  });
}

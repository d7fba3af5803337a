import { InProcessBus } from '../src';
import { SUBJECT, deadLettersOf, describeBusBehaviour, type TestBus } from './support/bus-behaviour';
import pino from 'pino';
import { captureLogs, fetchFailed, type CapturedLogs } from './support/events';
import { sleep } from '@detainer-watch/testing';

jest.setTimeout(60_000);

describeBusBehaviour('InProcessBus', async () => {
  // One bus for the whole suite: its durables live in it, as they would in the one embedded process. Its log lines
  // go to whichever test opened it last.
  let current: CapturedLogs = captureLogs();
  const logger = pino({ level: 'debug' }, { write: (line: string) => current.lines.push(JSON.parse(line)) });
  const shared = new InProcessBus({ logger, duplicateWindowMs: 60_000 });
  return {
    openBus: async (logs): Promise<TestBus> => {
      current = logs;
      return shared;
    },
    teardown: () => shared.close(),
  };
});

describe('InProcessBus specifics', () => {
  let bus: InProcessBus;
  beforeEach(() => {
    bus = new InProcessBus({ logger: captureLogs().logger });
  });
  afterEach(async () => {
    await bus.close();
  });

  it('redelivers and finally dead-letters a message whose handler hangs past its ack wait', async () => {
    const event = fetchFailed('hung-1');
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    const counts: number[] = [];
    const sub = await bus.consume(
      { durable: 'hung', subject: SUBJECT, maxDeliver: 2, ackWaitMs: 300, heartbeatLimitMs: 600 },
      async (_e, ctx) => {
        counts.push(ctx.deliveryCount);
        await hung;
      },
    );
    await bus.publish(SUBJECT, event);
    try {
      const mine = await deadLettersOf(bus, 'hung', event.id);
      expect(counts).toEqual([1, 2]);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'max_deliver', deliveryCount: 2 });
      expect(mine[0].error).toMatch(/^delivered 2 times without an ack/);
    } finally {
      release();
      await sub.drain();
    }
  });

  it('shares one durable between its subscribers: each event is handled once', async () => {
    const seen: string[] = [];
    const a = await bus.consume(
      { durable: 'shared', subject: SUBJECT },
      async (e) => void seen.push(`a:${e.id}`),
    );
    const b = await bus.consume(
      { durable: 'shared', subject: SUBJECT },
      async (e) => void seen.push(`b:${e.id}`),
    );
    for (let i = 0; i < 10; i++) await bus.publish(SUBJECT, fetchFailed(`s${i}`));
    await sleep(50);
    await Promise.all([a.drain(), b.drain()]);
    expect(seen.map((s) => s.slice(2)).sort()).toEqual([...Array(10).keys()].map((i) => `s${i}`).sort());
    expect(seen.some((s) => s.startsWith('a:'))).toBe(true);
    expect(seen.some((s) => s.startsWith('b:'))).toBe(true);
  });

  it('refuses work after close, naming what was attempted', async () => {
    await bus.close();
    await expect(bus.publish(SUBJECT, fetchFailed('late'))).rejects.toThrow(
      'cannot publish to report.fetch_failed: the in-process bus is closed',
    );
  });

  it('reports every outcome to the observer', async () => {
    const calls: string[] = [];
    const observed = new InProcessBus({
      logger: captureLogs().logger,
      observer: {
        published: (s) => calls.push(`published ${s}`),
        consumed: (s, d, outcome) => calls.push(`${outcome} ${d}`),
        redelivered: (s, d, n) => calls.push(`redelivered ${d} ${n}`),
      },
    });
    const sub = await observed.consume(
      { durable: 'obs', subject: SUBJECT, maxDeliver: 2, backoffMs: [10] },
      async (e) => {
        if (e.id === 'fails') throw new Error('no');
      },
    );
    await observed.publish(SUBJECT, fetchFailed('ok'));
    await observed.publish(SUBJECT, fetchFailed('fails'));
    await observed.publish(SUBJECT, { ...fetchFailed('bad'), data: {} } as unknown as ReturnType<
      typeof fetchFailed
    >);
    await deadLettersOf(observed, 'obs', 'fails');
    await sub.drain();
    await observed.close();
    expect(calls.filter((c) => c.startsWith('published'))).toHaveLength(3);
    expect(calls).toEqual(
      expect.arrayContaining([
        'ack obs',
        'retry obs',
        'redelivered obs 2',
        'dead_letter obs',
        'terminated obs',
      ]),
    );
  });
});

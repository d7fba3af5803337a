jest.setTimeout(60_000);

import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { Subjects } from '@detainer-watch/contracts';
import type { TestInfra } from '@detainer-watch/testing';
import {
  cleanupStreams,
  startTestInfra,
  testBusOptions,
  waitFor,
  sleep,
  POLL,
} from '@detainer-watch/testing';
import { JetStreamBus } from '../src';
import { SUBJECT, deadLettersOf, describeBusBehaviour } from './support/bus-behaviour';
import { captureLogs, fetchFailed } from './support/events';

let infra: TestInfra;
let names: ReturnType<typeof testBusOptions>;
const buses: JetStreamBus[] = [];

async function openBus(logger = captureLogs().logger): Promise<JetStreamBus> {
  const bus = await JetStreamBus.connect({
    ...names,
    name: 'messaging-int-test',
    logger,
    duplicateWindowMs: 60_000,
  });
  buses.push(bus);
  await bus.provision();
  return bus;
}

async function closeAll(): Promise<void> {
  await Promise.all(buses.splice(0).map((b) => b.close()));
}

beforeAll(async () => {
  infra = await startTestInfra();
  names = testBusOptions(infra.natsUrl);
});
afterAll(async () => {
  await closeAll();
  await cleanupStreams(infra.natsUrl, names.streamPrefix);
  await infra.stop();
});

describeBusBehaviour('JetStreamBus', async () => ({
  openBus: (logs) => openBus(logs.logger),
  teardown: closeAll,
}));

describe('JetStreamBus on the wire', () => {
  let raw: NatsConnection;
  beforeAll(async () => {
    raw = await connect({ servers: infra.natsUrl });
  });
  afterAll(async () => {
    await raw.close();
  });

  it('names the server it cannot reach, and reports health while connected', async () => {
    await expect(
      JetStreamBus.connect({ servers: 'nats://127.0.0.1:1', name: 'unreachable' }),
    ).rejects.toThrow(/^cannot connect to NATS at nats:\/\/127\.0\.0\.1:1: /);
    const bus = await JetStreamBus.connect({ ...names, name: 'health', logger: captureLogs().logger });
    expect(bus.isHealthy()).toBe(true);
    await bus.close();
    expect(bus.isHealthy()).toBe(false);
  });

  it('provisions idempotently: prefixed streams, dead-letter stream, and the bucket', async () => {
    const bus = await openBus();
    await bus.provision();
    const jsm = await raw.jetstreamManager();
    const events = await jsm.streams.info(bus.names.eventsStream);
    expect(events.config.subjects).toContain(`${names.subjectPrefix}${Subjects.DetainerDeclined}`);
    expect(events.config.duplicate_window).toBe(60_000 * 1_000_000);
    expect(events.config.storage).toBe('file');
    const dead = await jsm.streams.info(bus.names.deadStream);
    expect(dead.config.subjects).toEqual([`${names.subjectPrefix}dead.>`]);
    await expect(jsm.streams.info(`OBJ_${bus.names.bucket}`)).resolves.toBeDefined();
  });

  it('puts the dedupe id and tracing headers on the wire', async () => {
    const bus = await openBus();
    const event = { ...fetchFailed(`hdr-${Date.now()}`), reportid: 'a'.repeat(64) };
    await bus.publish(Subjects.ReportFetchFailed, event);
    const jsm = await raw.jetstreamManager();
    const stored = await jsm.streams.getMessage(bus.names.eventsStream, {
      last_by_subj: `${names.subjectPrefix}${Subjects.ReportFetchFailed}`,
    });
    expect(stored.header.get('Nats-Msg-Id')).toBe(event.id);
    expect(stored.header.get('Ce-Type')).toBe(event.type);
    expect(stored.header.get('Ce-Reportid')).toBe(event.reportid);
    expect(stored.json()).toEqual(event);
  });

  it('refuses a body above max_payload, naming subject, size and limit', async () => {
    const bus = await openBus();
    const limit = raw.info!.max_payload;
    const event = { ...fetchFailed(`big-${Date.now()}`) };
    event.data = { ...event.data, reason: 'x'.repeat(limit) };
    await expect(bus.publish(Subjects.ReportFetchFailed, event)).rejects.toThrow(
      new RegExp(
        `cannot publish to ${names.subjectPrefix}report\\.fetch_failed: body is \\d+ bytes, the server's max_payload is ${limit} bytes`,
      ),
    );
  });

  it('dead-letters bytes that are not JSON (kept as base64) and keeps consuming', async () => {
    const bus = await openBus();
    const handled: string[] = [];
    const durable = `garbage_${Date.now().toString(36)}`;
    const sub = await bus.consume(
      { durable, subject: Subjects.ReportFetchFailed },
      async (e) => void handled.push(e.id),
    );
    const h = natsHeaders();
    const garbageId = `garbage-${Date.now()}`;
    h.set('Nats-Msg-Id', garbageId);
    await raw
      .jetstream()
      .publish(`${names.subjectPrefix}${Subjects.ReportFetchFailed}`, Uint8Array.from([0xff, 0x00, 0x7b]), {
        headers: h,
      });
    const good = fetchFailed(`after-garbage-${Date.now()}`);
    await bus.publish(Subjects.ReportFetchFailed, good);
    await waitFor(() => handled.includes(good.id), { ...POLL, message: 'the good event' });
    let mine: Awaited<ReturnType<JetStreamBus['readDeadLetters']>> = [];
    await waitFor(
      async () => {
        mine = (await bus.readDeadLetters(Subjects.ReportFetchFailed)).filter(
          (d) => d.durable === durable && d.headers['Nats-Msg-Id']?.[0] === garbageId,
        );
        return mine.length > 0;
      },
      { ...POLL, message: 'the dead letter' },
    );
    await sub.drain();
    expect(mine[0]).toMatchObject({
      kind: 'contract_violation',
      original: '/wB7',
      originalEncoding: 'base64',
    });
    expect(mine[0].error).toMatch(/^message on report.fetch_failed is not JSON/);
  });

  it('dead-letters a message whose ack wait expired maxDeliver times in processes that died', async () => {
    const bus = await openBus();
    const durable = `crash_${Date.now().toString(36)}`;
    const spec = { durable, subject: SUBJECT, maxDeliver: 2, ackWaitMs: 1000 };
    await (await bus.consume(spec, async () => undefined)).drain();
    const event = fetchFailed(`crash-${Date.now()}`);
    await bus.publish(SUBJECT, event);

    // Two "processes" take the message and die before acking: pulled on the durable, never acked. Earlier tests'
    // messages, which the new durable also sees, are acked on the way.
    const crashing = await raw.jetstream().consumers.get(bus.names.eventsStream, durable);
    for (const expected of [1, 2]) {
      for (;;) {
        const m = await crashing.next({ expires: 3000 });
        if (!m) throw new Error(`event ${event.id} was not delivered (attempt ${expected})`);
        if (m.headers?.get('Nats-Msg-Id') !== event.id) {
          await m.ackAck();
          continue;
        }
        expect(m.info.deliveryCount).toBe(expected);
        break;
      }
      await sleep(1200);
    }

    const handled: string[] = [];
    const sub = await bus.consume(spec, async (e) => void handled.push(e.id));
    const mine = await deadLettersOf(bus, durable, event.id);
    await sub.drain();
    expect(handled).not.toContain(event.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'max_deliver', deliveryCount: 2, subject: SUBJECT });
    expect(mine[0].error).toMatch(/^delivered 2 times without an ack/);
    expect(JSON.parse(mine[0].original)).toEqual(event);
  });
});

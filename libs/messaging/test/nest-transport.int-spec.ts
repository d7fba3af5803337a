import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { RpcSubjects, Subjects, type EventOf } from '@detainer-watch/contracts';
import type { TestInfra } from '@detainer-watch/testing';
import { cleanupStreams, startTestInfra, testBusOptions, waitFor, POLL } from '@detainer-watch/testing';
import {
  BusContext,
  BusExceptionFilter,
  BusTransport,
  InProcessBus,
  JetStreamBus,
  type DeadLetterReader,
  type MessageBus,
} from '../src';
import { deadLettersOf } from './support/bus-behaviour';
import { captureLogs, fetchFailed } from './support/events';

jest.setTimeout(60_000);

type Ev = EventOf<typeof Subjects.ReportFetchFailed>;
const received: { id: string; deliveryCount: number }[] = [];

@Controller()
class WatchController {
  @EventPattern(Subjects.ReportFetchFailed, { maxDeliver: 2, backoffMs: [100] })
  async onFetchFailed(@Payload() event: Ev, @Ctx() ctx: BusContext): Promise<void> {
    received.push({ id: event.id, deliveryCount: ctx.getDelivery().deliveryCount });
    if (event.data.reason === 'always fails') throw new Error(`cannot handle ${event.id}`);
    if (event.data.reason === 'fails once' && ctx.getDelivery().deliveryCount === 1)
      throw new Error('transient');
  }

  @MessagePattern(RpcSubjects.ResolveJurisdiction)
  async resolve(@Payload() req: { q: string }): Promise<{ q: string; resolved: null }> {
    return { q: req.q, resolved: null };
  }
}

@Module({ controllers: [WatchController] })
class WatchModule {}

let infra: TestInfra;
let names: ReturnType<typeof testBusOptions>;
beforeAll(async () => {
  infra = await startTestInfra();
  names = testBusOptions(infra.natsUrl);
});
afterAll(async () => {
  await cleanupStreams(infra.natsUrl, names.streamPrefix);
  await infra.stop();
});

const buses: [string, () => Promise<MessageBus & DeadLetterReader>][] = [
  [
    'JetStreamBus',
    async () => {
      const bus = await JetStreamBus.connect({ ...names, name: 'nest-test', logger: captureLogs().logger });
      await bus.provision();
      return bus;
    },
  ],
  ['InProcessBus', async () => new InProcessBus({ logger: captureLogs().logger })],
];

describe.each(buses)('BusTransport in a Nest microservice over %s', (_name, openBus) => {
  let bus: MessageBus & DeadLetterReader;
  let app: INestMicroservice;
  const service = `watcher${Date.now().toString(36)}`;

  beforeAll(async () => {
    bus = await openBus();
    app = await NestFactory.createMicroservice(WatchModule, {
      strategy: new BusTransport({ bus, service, logger: captureLogs().logger }),
      logger: false,
    });
    app.useGlobalFilters(new BusExceptionFilter());
    await app.listen();
  });
  afterAll(async () => {
    await app.close();
    await bus.close();
  });

  it('delivers to the @EventPattern handler with the parsed envelope and delivery context', async () => {
    const event = fetchFailed(`nest-ok-${Date.now()}`);
    await bus.publish(Subjects.ReportFetchFailed, event);
    await waitFor(() => received.some((r) => r.id === event.id), { ...POLL, message: 'the handler' });
    expect(received.filter((r) => r.id === event.id)).toEqual([{ id: event.id, deliveryCount: 1 }]);
  });

  it('retries a handler that rejected and dead-letters after the maxDeliver from the pattern extras', async () => {
    const once = { ...fetchFailed(`nest-once-${Date.now()}`) };
    once.data = { ...once.data, reason: 'fails once' };
    const always = { ...fetchFailed(`nest-always-${Date.now()}`) };
    always.data = { ...always.data, reason: 'always fails' };
    await bus.publish(Subjects.ReportFetchFailed, once);
    await bus.publish(Subjects.ReportFetchFailed, always);
    const durable = `${service}_report_fetch_failed`;
    const dead = await deadLettersOf(bus, durable, always.id);
    await waitFor(() => received.some((r) => r.id === once.id && r.deliveryCount === 2), {
      ...POLL,
      message: 'the retried event',
    });
    expect(received.filter((r) => r.id === once.id).map((r) => r.deliveryCount)).toEqual([1, 2]);
    expect(received.filter((r) => r.id === always.id).map((r) => r.deliveryCount)).toEqual([1, 2]);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      kind: 'max_deliver',
      deliveryCount: 2,
      error: `Error: cannot handle ${always.id}`,
    });
  });

  it('serves @MessagePattern rpc subjects', async () => {
    await expect(bus.request(RpcSubjects.ResolveJurisdiction, { q: 'Hartford, CT' })).resolves.toEqual({
      q: 'Hartford, CT',
      resolved: null,
    });
  });
});

import { Writable } from 'node:stream';
import request from 'supertest';
import {
  ResolveReply,
  RpcSubjects,
  Subjects,
  type DeclinedRow,
  type EventOf,
} from '@detainer-watch/contracts';
import { createLogger } from '@detainer-watch/logging';
import { JetStreamBus, RpcError, type Subscription } from '@detainer-watch/messaging';
import { bootstrapService, type RunningService } from '@detainer-watch/service-kit';
import {
  cleanupStreams,
  dropTestSchema,
  sleep,
  startTestInfra,
  testBusOptions,
  testServiceEnv,
  uniqueRunId,
  waitFor,
  type TestInfra,
  POLL,
} from '@detainer-watch/testing';
import { jurisdictionClassifierService } from '../src';
import { fixtureReport, quietLogger, reportExtracted } from './support/harness';

jest.setTimeout(90_000);

type Classified = EventOf<typeof Subjects.JurisdictionClassified>;

const FACILITY = 'Zzyzx Holding Center';
const week1 = fixtureReport('week1-ice-letter-landscape');
// One more Section II row whose county column is blank and whose facility only an ops-added alias knows.
const extraRow: DeclinedRow = {
  ...week1.extract.declined.find((r) => r.state === 'TX' && r.county === 'Travis County')!,
  county: '',
  facility: FACILITY,
};
const extract = { ...week1.extract, declined: [...week1.extract.declined, extraRow] };

describe('jurisdiction-classifier as bootstrapped by service-kit (real NATS + Postgres)', () => {
  let infra: TestInfra;
  let service: RunningService<unknown>;
  let client: JetStreamBus;
  const runId = uniqueRunId();
  const schema = `jurisdiction_classifier_${runId}`;
  let names: ReturnType<typeof testBusOptions>;
  const logLines: Record<string, unknown>[] = [];
  const received: Classified[] = [];
  let sub: Subscription;

  const boot = () =>
    bootstrapService({
      ...jurisdictionClassifierService,
      mode: 'embedded',
      logger: createLogger({
        service: 'jurisdiction-classifier',
        level: 'info',
        destination: new Writable({
          write(chunk: Buffer, _enc, done) {
            for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
            done();
          },
        }),
      }),
      env: {
        ...testServiceEnv(infra, schema, names),
      },
    });

  beforeAll(async () => {
    infra = await startTestInfra();
    names = testBusOptions(infra.natsUrl, runId);
    service = await boot();
    client = await JetStreamBus.connect({
      servers: infra.natsUrl,
      name: `jurisdiction-classifier-client-${runId}`,
      subjectPrefix: names.subjectPrefix,
      streamPrefix: names.streamPrefix,
      logger: quietLogger,
    });
    sub = await client.consume(
      { durable: 'test_subscriber', subject: Subjects.JurisdictionClassified },
      async (e) => {
        received.push(e);
      },
    );
  });

  afterAll(async () => {
    await sub?.drain();
    await client?.close();
    await service?.close();
    await cleanupStreams(infra.natsUrl, names.streamPrefix);
    await dropTestSchema(infra.databaseUrl, schema);
    await infra.stop();
  });

  it('loads the gazetteer once at start and logs how long it took', async () => {
    const loaded = logLines.filter((l) => l.msg === 'gazetteer loaded');
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatchObject({ entities: expect.any(Number), ms: expect.any(Number) });
    expect(loaded[0].entities as number).toBeGreaterThan(40000);
    await request(service.url).get('/ready').expect(200);
  });

  it('classifies a report.extracted with the aliases ops added, one jurisdiction.classified per jurisdiction', async () => {
    await request(service.url)
      .post('/facility-aliases')
      .send({ alias: FACILITY, state: 'TX', entityId: 'county:48453' })
      .expect(201);
    await client.publish(Subjects.ReportExtracted, reportExtracted(extract));
    const report = () => request(service.url).get(`/reports/${week1.reportId}/jurisdictions`);
    await waitFor(async () => (await report()).status === 200, {
      ...POLL,
      message: 'the report to be classified',
    });
    const total = (await report()).body.report.jurisdictionCount as number;
    await waitFor(() => received.length >= total, { ...POLL, message: `${total} events` });
    await sleep(500);
    expect(received).toHaveLength(total);

    const travis = received.find((e) => e.data.entity.id === 'county:48453')!;
    const printed = week1.extract.declined.filter((r) => r.state === 'TX' && r.county === 'Travis County');
    expect(travis.data.declinedCount).toBe(printed.length + 1);
    expect(travis.data.rawNames).toContain(FACILITY);
    const logged = logLines.find((l) => l.msg === 'report classified')!;
    expect(logged).toMatchObject({ reportId: week1.reportId, eventId: `${week1.reportId}:extracted` });
  });

  it('answers rpc.jurisdiction.resolve, with an error reply naming the field for a bad request', async () => {
    const hartford = ResolveReply.parse(
      await client.request(RpcSubjects.ResolveJurisdiction, { q: 'Hartford, CT' }),
    );
    expect(hartford.resolved).toMatchObject({ id: 'place:0937000', fips: '0937000', type: 'city' });
    const franklin = ResolveReply.parse(
      await client.request(RpcSubjects.ResolveJurisdiction, { q: 'Franklin County' }),
    );
    expect(franklin.resolved).toBeNull();
    expect(franklin.candidates.length).toBeGreaterThan(5);
    expect(franklin.candidates.every((c) => c.name === 'Franklin County')).toBe(true);
    expect(franklin.reason).toMatch(/ambiguous/);
    await expect(client.request(RpcSubjects.ResolveJurisdiction, { q: '' })).rejects.toThrow(RpcError);
    await expect(client.request(RpcSubjects.ResolveJurisdiction, { q: '' })).rejects.toThrow(
      /invalid resolve request: q:/,
    );
    await expect(
      client.request(RpcSubjects.ResolveJurisdiction, { q: 'Hartford', state: 'Connecticut' }),
    ).rejects.toThrow(/state:/);
  });

  it('keeps the aliases and the history across a restart', async () => {
    await service.close();
    logLines.length = 0;
    service = await boot();
    const resolved = await request(service.url)
      .get('/resolve')
      .query({ q: FACILITY, state: 'TX' })
      .expect(200);
    expect(resolved.body.resolved).toMatchObject({ type: 'facility', parentId: 'county:48453' });
    const rpc = ResolveReply.parse(
      await client.request(RpcSubjects.ResolveJurisdiction, { q: `${FACILITY}, TX` }),
    );
    expect(rpc.resolved?.parentId).toBe('county:48453');
    const travis = await request(service.url).get('/jurisdictions/county:48453').expect(200);
    expect(travis.body.appearances.map((a: { reportId: string }) => a.reportId)).toEqual([week1.reportId]);
  });
});

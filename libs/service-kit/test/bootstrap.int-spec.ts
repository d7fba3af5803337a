import { Controller, Inject, Module } from '@nestjs/common';
import { z } from 'zod';
import { ConfigError } from '@detainer-watch/config';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createHash } from 'node:crypto';
import { createEvent, Subjects, type EventOf } from '@detainer-watch/contracts';
import { JetStreamBus } from '@detainer-watch/messaging';
import { Inbox } from '@detainer-watch/persistence';
import {
  cleanupStreams,
  dropTestSchema,
  startTestInfra,
  testBusOptions,
  testServiceEnv,
  uniqueRunId,
  type TestInfra,
  waitFor,
} from '@detainer-watch/testing';
import { DATA_SOURCE } from '../src';
import { bootstrapService, type RunningService } from '../src/bootstrap';

jest.setTimeout(60_000);

class CreateHandled1760000000000 implements MigrationInterface {
  name = 'CreateHandled1760000000000';
  async up(r: QueryRunner) {
    await r.query('CREATE TABLE handled (event_id varchar(200) PRIMARY KEY)');
  }
  async down(r: QueryRunner) {
    await r.query('DROP TABLE handled');
  }
}

@Controller()
class AlertRecorder {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @EventPattern(Subjects.AlertSent)
  async record(@Payload() event: EventOf<typeof Subjects.AlertSent>): Promise<void> {
    await Inbox.processOnce(this.dataSource, 'kit-test', event.id, (m) =>
      m.query('INSERT INTO handled (event_id) VALUES ($1)', [event.id]),
    );
  }
}

@Module({ controllers: [AlertRecorder] })
class TinyModule {}

describe('bootstrapService (real NATS + Postgres)', () => {
  let infra: TestInfra;
  let service: RunningService<unknown>;
  const runId = uniqueRunId();
  const schema = `kit_${runId}`;
  let names: ReturnType<typeof testBusOptions>;

  beforeAll(async () => {
    infra = await startTestInfra();
    names = testBusOptions(infra.natsUrl, runId);
    service = await bootstrapService({
      name: 'kit-test',
      appModule: TinyModule,
      migrations: [CreateHandled1760000000000],
      mode: 'embedded',
      env: {
        ...testServiceEnv(infra, schema, names),
        LOG_LEVEL: 'error',
      },
    });
  });

  afterAll(async () => {
    await service?.close();
    await cleanupStreams(infra.natsUrl, names.streamPrefix);
    await dropTestSchema(infra.databaseUrl, schema);
    await infra.stop();
  });

  it('serves liveness, readiness and metrics', async () => {
    expect(await (await fetch(`${service.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, bus: { status: 'up' } },
    });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toContain('process_cpu_user_seconds_total{service="kit-test"}');
  });

  it('hands a published event to the @EventPattern handler and counts it', async () => {
    const reportId = createHash('sha256').update(runId).digest('hex');
    const event = createEvent(Subjects.AlertSent, {
      id: `kit-${runId}`,
      source: 'kit-test-publisher',
      reportId,
      data: {
        schemaVersion: 1,
        reportId,
        watchId: 'w',
        deliveryId: 'd',
        jurisdictionIds: ['09003'],
        attempts: 1,
        sentAt: new Date().toISOString(),
      },
    });
    const publisher = await JetStreamBus.connect({
      servers: infra.natsUrl,
      name: 'kit-test-publisher',
      subjectPrefix: names.subjectPrefix,
      streamPrefix: names.streamPrefix,
    });
    try {
      await publisher.publish(Subjects.AlertSent, event);
    } finally {
      await publisher.close();
    }
    await waitFor(
      async () =>
        (await service.dataSource.query('SELECT 1 FROM handled WHERE event_id = $1', [event.id])).length > 0,
      { message: 'the handler to record the event', timeoutMs: 15_000, intervalMs: 50 },
    );
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(
      /detainer_events_consumed_total\{subject="alert\.sent",[^}]*outcome="ack"[^}]*\} 1/,
    );
  });

  it('closes cleanly: HTTP stops answering and the pool is released', async () => {
    const url = service.url;
    await service.close();
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(service.dataSource.isInitialized).toBe(false);
  });

  it("stops at start on a service's own cross-variable check, naming the variable", async () => {
    const configSchema = z
      .object({ MAIL_FROM: z.string(), MAIL_REPLY_TO: z.string().optional() })
      .superRefine((env, ctx) => {
        if (env.MAIL_REPLY_TO === env.MAIL_FROM)
          ctx.addIssue({ code: 'custom', path: ['MAIL_REPLY_TO'], message: 'must differ from MAIL_FROM' });
      });
    const attempt = bootstrapService({
      name: 'kit-config-test',
      appModule: TinyModule,
      configSchema,
      mode: 'embedded',
      env: {
        DATABASE_URL: infra.databaseUrl,
        DATABASE_SCHEMA: `${schema}_cfg`,
        NATS_URL: infra.natsUrl,
        HTTP_PORT: '0',
        MAIL_FROM: 'a@example.org',
        MAIL_REPLY_TO: 'a@example.org',
      },
    });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/MAIL_REPLY_TO.*must differ from MAIL_FROM/s);
  });
});

import { createHash } from 'node:crypto';
import { connect, NatsError, type JetStreamManager, type NatsConnection, type StoredMsg } from 'nats';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createEvent, parseEvent, Subjects, type EventOf, type Subject } from '@detainer-watch/contracts';
import { JetStreamBus } from '@detainer-watch/messaging';
import { bootstrapService, type RunningService } from '@detainer-watch/service-kit';
import {
  cleanupStreams,
  dropTestSchema,
  startTestInfra,
  testBusOptions,
  testServiceEnv,
  uniqueRunId,
  type TestInfra,
} from '@detainer-watch/testing';
import { pdfExtractor, TypeOrmReportsRepository, type ServiceConfig } from '../../src';

export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Extractor variables for tests: fewer deliveries, so a dead letter comes after one short backoff. */
export const DEFAULT_TEST_ENV: Record<string, string> = {
  EXTRACTOR_MAX_DELIVER: '2',
  EXTRACTOR_CONCURRENCY: '2',
  EXTRACTOR_WORKER_MEMORY_MB: '512',
};

/**
 * The pdf-extractor service as it runs (bootstrapService: Nest app, BusTransport consumer, outbox relay, HTTP), on a
 * real Postgres schema and a real JetStream namespace of its own, plus a client bus and a raw NATS connection for
 * the test to publish with and read what landed on the stream.
 */
export interface ExtractorHarness {
  infra: TestInfra;
  service: RunningService<ServiceConfig>;
  schema: string;
  dataSource: DataSource;
  /** The test's own connection (publishing, dead letters); the service has its own. */
  bus: JetStreamBus;
  reports: TypeOrmReportsRepository;
  /** Stores the bytes and publishes a report.fetched for them; returns the event. */
  publishFetched(
    bytes: Uint8Array,
    opts?: { id?: string; objectKey?: string; sizeBytes?: number; reportId?: string; url?: string | null },
  ): Promise<EventOf<typeof Subjects.ReportFetched>>;
  /** Publishes an envelope with a chosen Nats-Msg-Id, to put a second copy of an event on the stream. */
  publishRaw<S extends Subject>(subject: S, event: EventOf<S>, msgId: string): Promise<void>;
  /** Every message stored on a subject in this run, parsed against its contract (throws on a violation). */
  read<S extends Subject>(subject: S): Promise<EventOf<S>[]>;
  close(): Promise<void>;
}

export async function startExtractorHarness(env: Record<string, string> = {}): Promise<ExtractorHarness> {
  const infra = await startTestInfra();
  const runId = uniqueRunId();
  const schema = `pdf_extractor_${runId}`;
  const names = testBusOptions(infra.natsUrl, runId);
  const service = (await bootstrapService({
    ...pdfExtractor,
    mode: 'embedded',
    logger: testLogger,
    relay: { pollIntervalMs: 200 },
    env: {
      ...testServiceEnv(infra, schema, names),
      LOG_LEVEL: 'error',
      ...DEFAULT_TEST_ENV,
      ...env,
    },
  })) as RunningService<ServiceConfig>;
  const dataSource = service.dataSource;
  const bus = await JetStreamBus.connect({ ...names, name: 'pdf-extractor-test', logger: testLogger });
  const raw: NatsConnection = await connect({ servers: infra.natsUrl, name: 'pdf-extractor-test-reader' });
  // The direct-get API exists on the manager at runtime but is missing from nats.js's JetStreamManager type.
  const { direct } = (await raw.jetstreamManager()) as JetStreamManager & {
    direct: { getMessage(stream: string, query: { seq: number; next_by_subj: string }): Promise<StoredMsg> };
  };
  const reports = new TypeOrmReportsRepository(dataSource);
  let n = 0;

  return {
    infra,
    service,
    schema,
    dataSource,
    bus,
    reports,
    async publishFetched(bytes, opts = {}) {
      const reportId = opts.reportId ?? sha256(bytes);
      const objectKey = opts.objectKey ?? `${reportId}.pdf`;
      if (!opts.objectKey) await bus.blobs.put(objectKey, bytes, { contentType: 'application/pdf' });
      const event = createEvent(Subjects.ReportFetched, {
        id: opts.id ?? `${reportId}:fetched:${runId}:${n++}`,
        source: 'report-fetcher',
        reportId,
        data: {
          schemaVersion: 1,
          reportId,
          objectKey,
          sizeBytes: opts.sizeBytes ?? Math.max(1, bytes.length),
          contentType: 'application/pdf',
          source: {
            id: 'test-source',
            kind: 'url',
            url: opts.url === undefined ? `https://example.test/ddor/${reportId.slice(0, 8)}.pdf` : opts.url,
            fileName: null,
          },
          etag: null,
          lastModified: null,
          fetchedAt: new Date().toISOString(),
          supersedes: null,
        },
      });
      await bus.publish(Subjects.ReportFetched, event);
      return event;
    },
    async publishRaw(subject, event, msgId) {
      await raw
        .jetstream()
        .publish(`${names.subjectPrefix}${subject}`, JSON.stringify(event), { msgID: msgId });
    },
    async read(subject) {
      const wire = `${names.subjectPrefix}${subject}`;
      const out: EventOf<typeof subject>[] = [];
      let seq = 1;
      for (;;) {
        let m;
        try {
          m = await direct.getMessage(bus.names.eventsStream, { seq, next_by_subj: wire });
        } catch (err) {
          if (err instanceof NatsError && err.code === '404') break;
          throw err;
        }
        out.push(parseEvent(subject, m.json()));
        seq = m.seq + 1;
      }
      return out;
    },
    async close() {
      await service.close().catch(() => undefined);
      await bus.close().catch(() => undefined);
      await raw.close().catch(() => undefined);
      await dropTestSchema(infra.databaseUrl, schema);
      await cleanupStreams(infra.natsUrl, names.streamPrefix);
      await infra.stop();
    },
  };
}

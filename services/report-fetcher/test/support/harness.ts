import { parseEvent, Subjects, type EventOf } from '@detainer-watch/contracts';
import { createLogger, type Logger } from '@detainer-watch/logging';
import { JetStreamBus } from '@detainer-watch/messaging';
import { createServiceDataSource } from '@detainer-watch/persistence';
import { bootstrapService, type RunningService } from '@detainer-watch/service-kit';
import {
  cleanupStreams,
  dropTestSchema,
  startTestInfra,
  testBusOptions,
  uniqueRunId,
  waitFor,
  type TestInfra,
  POLL,
} from '@detainer-watch/testing';
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { fetcherEntities, fetcherMigrations, reportFetcherService } from '../../src';

export type FetcherEvent =
  | { subject: typeof Subjects.ReportFetched; event: EventOf<typeof Subjects.ReportFetched> }
  | { subject: typeof Subjects.ReportFetchFailed; event: EventOf<typeof Subjects.ReportFetchFailed> };

/**
 * Real Postgres (own schema) and NATS JetStream (own prefixes), and a plain JetStream consumer recording every
 * report.fetched / report.fetch_failed that lands on the stream. The service itself runs exactly as in production,
 * through bootstrapService (its own pool, bus connection and outbox relay), and can be stopped and started again
 * over the same state. The harness keeps a DataSource and a bus of its own to look at what the service stored.
 */
export class FetcherHarness {
  readonly events: FetcherEvent[] = [];
  dataSource!: DataSource;
  bus!: JetStreamBus;
  service: RunningService<unknown> | null = null;
  baseUrl = '';
  private infra!: TestInfra;
  private names!: ReturnType<typeof testBusOptions>;
  private schema!: string;
  private nc!: NatsConnection;
  private reading: Promise<void> | null = null;
  private stopReading: (() => void) | null = null;
  readonly logger: Logger = createLogger({ service: 'report-fetcher-test', level: 'silent' });

  async setUp(): Promise<void> {
    this.infra = await startTestInfra();
    const runId = uniqueRunId();
    this.names = testBusOptions(this.infra.natsUrl, runId);
    this.schema = `report_fetcher_${runId}`;
    this.dataSource = await createServiceDataSource({
      url: this.infra.databaseUrl,
      schema: this.schema,
      entities: fetcherEntities,
      migrations: fetcherMigrations,
      logger: this.logger,
    });
    this.bus = await JetStreamBus.connect({
      ...this.names,
      name: 'report-fetcher-test',
      logger: this.logger,
    });
    await this.bus.provision();
    this.nc = await connect({ servers: this.infra.natsUrl, name: 'report-fetcher-test-reader' });
    const stream = this.bus.names.eventsStream;
    const { name } = await (
      await this.nc.jetstreamManager()
    ).consumers.add(stream, {
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // One wildcard rather than filter_subjects, which needs nats-server 2.10; only the fetcher publishes here.
      filter_subject: this.bus.names.subject('report.>'),
      inactive_threshold: 60_000_000_000,
    });
    const consumer = await this.nc.jetstream().consumers.get(stream, name);
    const messages = await consumer.consume();
    this.stopReading = () => void messages.stop();
    this.reading = (async () => {
      for await (const m of messages) {
        const subject = m.subject.slice(this.names.subjectPrefix.length) as FetcherEvent['subject'];
        // parseEvent validates the envelope and payload against the contract, as a subscriber would.
        this.events.push({ subject, event: parseEvent(subject, m.json()) } as FetcherEvent);
        m.ack();
      }
    })();
  }

  /** Starts the service with these variables on top of the run's database, schema and NATS prefixes. */
  async startApp(env: Record<string, string>): Promise<string> {
    this.service = await bootstrapService({
      ...reportFetcherService,
      mode: 'embedded',
      logger: this.logger,
      relay: { pollIntervalMs: 200 },
      env: {
        DATABASE_URL: this.infra.databaseUrl,
        DATABASE_SCHEMA: this.schema,
        NATS_URL: this.infra.natsUrl,
        NATS_SUBJECT_PREFIX: this.names.subjectPrefix,
        NATS_STREAM_PREFIX: this.names.streamPrefix,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        ...env,
      },
    });
    this.baseUrl = this.service.url;
    return this.baseUrl;
  }

  async stopApp(): Promise<void> {
    const service = this.service;
    this.service = null;
    await service?.close();
  }

  async tearDown(): Promise<void> {
    await this.stopApp().catch(() => undefined);
    // Stopped before the connection closes and the stream is deleted, either of which otherwise hangs.
    this.stopReading?.();
    await this.reading?.catch(() => undefined);
    await this.nc?.close();
    await this.bus?.close();
    await this.dataSource?.destroy();
    if (this.schema) await dropTestSchema(this.infra.databaseUrl, this.schema);
    if (this.names) await cleanupStreams(this.infra.natsUrl, this.names.streamPrefix);
    await this.infra?.stop();
  }

  fetched() {
    return this.events
      .filter((e) => e.subject === Subjects.ReportFetched)
      .map((e) => (e.event as EventOf<typeof Subjects.ReportFetched>).data);
  }

  fetchFailed() {
    return this.events
      .filter((e) => e.subject === Subjects.ReportFetchFailed)
      .map((e) => e.event as EventOf<typeof Subjects.ReportFetchFailed>);
  }

  /** Waits until `predicate` holds for the events seen so far. */
  async waitForEvents(predicate: () => boolean, what: string, timeoutMs = POLL.timeoutMs): Promise<void> {
    await waitFor(predicate, { ...POLL, timeoutMs, message: what });
  }

  async count(table: 'reports' | 'url_states' | 'source_states' | 'outbox'): Promise<number> {
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM "${this.schema}".${table}`);
    return n as number;
  }

  /** POST/GET against the running app; the body is parsed as JSON when it is JSON. */
  async api(method: string, path: string, init: RequestInit = {}) {
    const res = await fetch(this.baseUrl + path, { method, ...init });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: body as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
}

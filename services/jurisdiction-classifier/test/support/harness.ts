import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createEvent, Subjects, type EventOf, type ReportExtract } from '@detainer-watch/contracts';
import type { Truth } from '@detainer-watch/ddor-fixtures';
import { JetStreamBus } from '@detainer-watch/messaging';
import { createServiceDataSource, Outbox, OutboxRelay } from '@detainer-watch/persistence';
import {
  cleanupStreams,
  createTestSchema,
  dropTestSchema,
  startTestInfra,
  testBusOptions,
  uniqueRunId,
  type TestBusNames,
  type TestInfra,
} from '@detainer-watch/testing';
import {
  ClassifyExtractedReport,
  classifierEntities,
  classifierMigrations,
  JurisdictionDirectory,
  TypeOrmFacilityAliasRepository,
  TypeOrmHistoryRepository,
} from '../../src';
import { shippedSource } from '../../src/testing/shipped-source';

export const quietLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'error' });

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'libs', 'ddor-fixtures', 'fixtures');

/** A committed ddor-fixtures report: its id is the sha256 of the PDF, its extract the ground truth. */
export function fixtureReport(name: string): { reportId: string; extract: ReportExtract } {
  const reportId = createHash('sha256')
    .update(readFileSync(join(FIXTURES, `${name}.pdf`)))
    .digest('hex');
  const truth = JSON.parse(readFileSync(join(FIXTURES, `${name}.truth.json`), 'utf8')) as Truth;
  return { reportId, extract: { ...truth, reportId, warnings: [] } };
}

export function reportExtracted(
  extract: ReportExtract,
  opts: { supersedes?: string | null; sourceUrl?: string | null } = {},
): EventOf<typeof Subjects.ReportExtracted> {
  return createEvent(Subjects.ReportExtracted, {
    id: `${extract.reportId}:extracted`,
    source: 'pdf-extractor',
    reportId: extract.reportId,
    data: {
      schemaVersion: 1,
      reportId: extract.reportId,
      sourceUrl: opts.sourceUrl ?? null,
      supersedes: opts.supersedes ?? null,
      extract,
      extractedAt: '2017-02-20T12:00:00.000Z',
    },
  });
}

/** One run's schema and NATS namespace, and the classifier's parts wired over them as main.ts wires them. */
export interface Harness {
  infra: TestInfra;
  names: TestBusNames;
  schema: string;
  dataSource: DataSource;
  bus: JetStreamBus;
  relay: OutboxRelay;
  /** Subject of every outbox row the relay sent (sent rows leave the outbox). */
  relayed: string[];
  directory: JurisdictionDirectory;
  history: TypeOrmHistoryRepository;
  aliases: TypeOrmFacilityAliasRepository;
  classify: ClassifyExtractedReport;
  /** A new directory over the same database: what a restarted process would resolve with. */
  restartDirectory(): Promise<JurisdictionDirectory>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const infra = await startTestInfra();
  const runId = uniqueRunId();
  const schema = await createTestSchema(infra.databaseUrl, `jurisdiction_classifier_${runId}`);
  const names = testBusOptions(infra.natsUrl, runId);
  const dataSource = await createServiceDataSource({
    url: infra.databaseUrl,
    schema,
    entities: classifierEntities,
    migrations: classifierMigrations,
    logger: quietLogger,
  });
  const bus = await JetStreamBus.connect({
    servers: infra.natsUrl,
    name: `jurisdiction-classifier-test-${runId}`,
    subjectPrefix: names.subjectPrefix,
    streamPrefix: names.streamPrefix,
    logger: quietLogger,
  });
  await bus.provision();
  const aliases = new TypeOrmFacilityAliasRepository(dataSource);
  const history = new TypeOrmHistoryRepository(dataSource);
  const directory = await JurisdictionDirectory.load(shippedSource, aliases, quietLogger);
  const classify = new ClassifyExtractedReport(
    dataSource,
    directory,
    history,
    new Outbox(schema),
    quietLogger,
  );
  const relayed: string[] = [];
  const relay = new OutboxRelay({
    dataSource,
    publisher: bus,
    logger: quietLogger,
    pollIntervalMs: 200,
    observer: { relayed: (subject) => relayed.push(subject) },
  });
  await relay.start();
  return {
    infra,
    names,
    schema,
    dataSource,
    bus,
    relay,
    relayed,
    directory,
    history,
    aliases,
    classify,
    restartDirectory: () => JurisdictionDirectory.load(shippedSource, aliases, quietLogger),
    async close() {
      await relay.stop().catch(() => undefined);
      await bus.close().catch(() => undefined);
      await dataSource.destroy().catch(() => undefined);
      await dropTestSchema(infra.databaseUrl, schema);
      await cleanupStreams(infra.natsUrl, names.streamPrefix);
      await infra.stop();
    },
  };
}

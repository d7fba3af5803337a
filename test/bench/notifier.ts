/**
 * Notifier benchmark: `npx tsx test/bench/notifier.ts`.
 *  1. matching 10,000 confirmed watches against a report of 200 jurisdictions (target < 200 ms);
 *  2. 1,000 alert emails rendered and handed to a local SMTP server through the pooled SmtpSender, by the
 *     send-report-alerts use case with its delivery log (target < 30 s);
 *  3. the same over Postgres (needs DATABASE_URL or the local server; skipped with a message otherwise): 10,000
 *     watches in the watches table, candidate lookup through the GIN index on watch_keys, a 200-jurisdiction report
 *     stored estimate by estimate (inbox + estimates in one transaction each), and its alerts sent with the
 *     Postgres delivery log (claim, then outcome + outbox event in one transaction, per email).
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { Inbox, createServiceDataSource } from '@detainer-watch/persistence';
import { InMemoryDeliveryLog } from '../../services/notifier/src/delivery/delivery-log';
import { candidateKeys } from '../../services/notifier/src/matching/report-assembly';
import { notifierMigrations } from '../../services/notifier/src/persistence/migrations';
import { PgDeliveryLog } from '../../services/notifier/src/persistence/pg-delivery-log';
import { PgReportEstimatesStore } from '../../services/notifier/src/persistence/pg-report-estimates.store';
import { PgWatchRepository } from '../../services/notifier/src/persistence/pg-watch.repository';
import { alertReport } from '../../services/notifier/src/usecases/alert-report';
import { SmtpSender } from '../../services/notifier/src/delivery/smtp-sender';
import { WatchIndex, matchWatches } from '../../services/notifier/src/matching/match-watches';
import {
  confirmedWatch,
  syntheticEntity,
  syntheticReport,
} from '../../services/notifier/src/testing/fixtures';
import { SmtpCapture } from '../../services/notifier/src/testing/smtp-capture';
import { sendReportAlerts } from '../../services/notifier/src/usecases/send-report-alerts';
import { InMemoryWatchRepository } from '../../services/notifier/src/watches/in-memory-watch.repository';
import type { Watch } from '../../services/notifier/src/watches/watch';

const JURISDICTIONS = 200;
const WATCHES = 10_000;
const EMAILS = 1_000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number): string => `${x.toFixed(1)} ms`;

/**
 * A realistic mix: most watches are on places that are not in this report; some watch a reported jurisdiction
 * exactly; some watch a state or a county with includeChildren.
 */
function watchesFor(n: number): Watch[] {
  const out: Watch[] = [];
  for (let i = 0; i < n; i++) {
    const email = `w${i}@bench.example.org`;
    const kind = i % 10;
    if (kind === 0) {
      const e = syntheticEntity(i % JURISDICTIONS);
      out.push(confirmedWatch(email, e, e.type !== 'facility'));
    } else if (kind === 1) {
      const s = String((i % 50) + 1).padStart(2, '0');
      out.push(
        confirmedWatch(
          email,
          { id: `state:${s}`, name: `State ${s}`, type: 'state', state: 'ZZ', fips: s },
          true,
        ),
      );
    } else {
      // Not in this report: entities numbered past the report's 200.
      const e = syntheticEntity(JURISDICTIONS + 4 * i + 1);
      out.push(confirmedWatch(email, e, e.type !== 'facility'));
    }
  }
  return out;
}

async function benchMatching(): Promise<void> {
  const report = syntheticReport(JURISDICTIONS, 'bench-matching');
  const watches = watchesFor(WATCHES);
  const runs: number[] = [];
  const cpu: number[] = [];
  let matched = 0;
  let pairs = 0;
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const m = matchWatches(watches, report);
    const c = process.cpuUsage(c0);
    runs.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
    matched = m.size;
    pairs = [...m.values()].reduce((s, l) => s + l.length, 0);
  }
  const index = new WatchIndex(watches);
  const matchOnly: number[] = [];
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    matchWatches(index, report);
    matchOnly.push(performance.now() - t0);
  }
  console.log(
    `matching: ${WATCHES} confirmed watches x ${JURISDICTIONS} jurisdictions -> ${matched} watches matched, ${pairs} (watch, jurisdiction) pairs`,
  );
  console.log(
    `  index + match: first run ${ms(runs[0]!)}, median of ${runs.length} ${ms(median(runs))} (target < 200 ms), CPU time: first ${ms(cpu[0]!)}, median ${ms(median(cpu))}`,
  );
  console.log(`  match on a built index: median ${ms(median(matchOnly))}`);
}

async function benchDelivery(): Promise<void> {
  const capture = await SmtpCapture.start({ parse: false });
  const sender = new SmtpSender({
    smtp: {
      host: '127.0.0.1',
      port: capture.port,
      secure: false,
      startTls: 'never',
      auth: null,
      maxConnections: 5,
      timeoutMs: 10_000,
    },
    from: 'alerts@bench.example.org',
    fromName: 'detainer-watch',
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
  });
  const report = syntheticReport(JURISDICTIONS, 'bench-delivery');
  // Five exact watches on each reported jurisdiction: 1,000 watches, 1,000 emails.
  const watches: Watch[] = [];
  for (let i = 0; i < EMAILS; i++)
    watches.push(confirmedWatch(`r${i}@bench.example.org`, report[i % JURISDICTIONS]!.classification.entity));
  const deps = {
    watches: new InMemoryWatchRepository(watches),
    deliveries: new InMemoryDeliveryLog(),
    sender,
    baseUrl: 'https://watch.example.org',
    messageIdDomain: 'bench.example.org',
    concurrency: 20,
  };
  const t0 = performance.now();
  const result = await sendReportAlerts(report, deps);
  const elapsed = performance.now() - t0;
  await sender.close();
  const bytes = capture.messages.reduce((s, m) => s + m.raw.length, 0);
  await capture.stop();
  console.log(
    `delivery: ${result.sent.length} sent, ${result.failed.length} failed, ${capture.messages.length} received by the server`,
  );
  console.log(
    `  ${ms(elapsed)} total (target < 30 s), ${((result.sent.length / elapsed) * 1000).toFixed(0)} emails/s, ` +
      `mean message ${(bytes / capture.messages.length / 1024).toFixed(1)} KiB, pool of 5 connections, 20 in flight`,
  );
  if (capture.messages.length !== EMAILS)
    throw new Error(`expected ${EMAILS} messages at the server, got ${capture.messages.length}`);
}

async function openDatabase(schema: string): Promise<DataSource | null> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    return await createServiceDataSource({
      url,
      schema,
      migrations: notifierMigrations,
      logger: pino({ level: 'warn' }),
    });
  } catch (err) {
    console.log(`postgres: skipped, no database at ${url} (${(err as Error).message})`);
    return null;
  }
}

async function benchPostgres(): Promise<void> {
  const schema = `bench_notifier_${Date.now().toString(36)}`;
  const dataSource = await openDatabase(schema);
  if (!dataSource) return;
  const capture = await SmtpCapture.start({ parse: false });
  const sender = new SmtpSender({
    smtp: {
      host: '127.0.0.1',
      port: capture.port,
      secure: false,
      startTls: 'never',
      auth: null,
      maxConnections: 5,
      timeoutMs: 10_000,
    },
    from: 'alerts@bench.example.org',
    fromName: 'detainer-watch',
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
  });
  try {
    const watches = new PgWatchRepository(dataSource);
    const all = watchesFor(WATCHES);
    let t0 = performance.now();
    for (let i = 0; i < all.length; i += 50)
      await Promise.all(all.slice(i, i + 50).map((w) => watches.save(w)));
    const insertMs = performance.now() - t0;
    await dataSource.query(`ANALYZE "${schema}".watches`);

    const report = syntheticReport(JURISDICTIONS, 'bench-postgres');
    const keys = candidateKeys(report);
    const lookups: number[] = [];
    const matchTotals: number[] = [];
    let candidates = 0;
    let matched = 0;
    for (let r = 0; r < 15; r++) {
      t0 = performance.now();
      const found = await watches.findConfirmedCandidates(keys);
      lookups.push(performance.now() - t0);
      matched = matchWatches(found, report).size;
      matchTotals.push(performance.now() - t0);
      candidates = found.length;
    }
    const plan: string[] = await dataSource.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await m.query(
        `EXPLAIN SELECT id FROM "${schema}".watches WHERE status = 'confirmed' AND watch_keys && $1::text[]`,
        [keys],
      );
      return rows.map((r) => r['QUERY PLAN']);
    });
    const usesIndex = plan.some((p) => p.includes('watches_keys_gin'));
    console.log(
      `postgres: ${WATCHES} watches saved in ${ms(insertMs)} (${((WATCHES / insertMs) * 1000).toFixed(0)}/s, 50 in flight)`,
    );
    console.log(
      `  candidates for a ${JURISDICTIONS}-jurisdiction report (${keys.length} keys): ${candidates} rows, lookup median ${ms(median(lookups))}, ` +
        `lookup + match median ${ms(median(matchTotals))} -> ${matched} watches; GIN index used: ${usesIndex}`,
    );

    const reports = new PgReportEstimatesStore(dataSource);
    const perEstimate: number[] = [];
    t0 = performance.now();
    for (const e of report) {
      const t = performance.now();
      const id = `bench:${e.classification.report.reportId}:${e.classification.entity.id}`;
      await Inbox.processOnce(dataSource, 'bench', id, (m) => reports.add(m, id, e));
      perEstimate.push(performance.now() - t);
    }
    const storeMs = performance.now() - t0;
    const deliveries = new PgDeliveryLog(dataSource);
    t0 = performance.now();
    const result = await alertReport(report[0]!.classification.report.reportId, {
      reports,
      watches,
      deliveries,
      sender,
      baseUrl: 'https://watch.example.org',
      messageIdDomain: 'bench.example.org',
      concurrency: 20,
    });
    const sendMs = performance.now() - t0;
    const outbox: { n: string }[] = await dataSource.query(`SELECT count(*) AS n FROM "${schema}".outbox`);
    console.log(
      `  report stored: ${JURISDICTIONS} estimates in ${ms(storeMs)} (median ${ms(median(perEstimate))} per estimate, one transaction each)`,
    );
    console.log(
      `  alerts: ${result!.sent.length} sent, ${result!.failed.length} failed in ${ms(sendMs)} ` +
        `(${((result!.sent.length / sendMs) * 1000).toFixed(0)} emails/s with the Postgres delivery log); ` +
        `${capture.messages.length} received by the server; ${outbox[0]!.n} alert events in the outbox`,
    );
    if (capture.messages.length !== result!.sent.length || Number(outbox[0]!.n) !== result!.sent.length)
      throw new Error('emails at the server, sent results and outbox events disagree');
  } finally {
    await sender.close();
    await capture.stop();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const { loadavg, cpus } = await import('node:os');
  console.log(
    `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start`,
  );
  await benchMatching();
  await benchDelivery();
  await benchPostgres();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Backfill: BENCH_REPORTS reports x BENCH_ROWS Section II rows (default 200 x 200 = 40,000 detainer.declined) through
 * the five services as separate processes, end to end (every report's last grant.exposure.estimated observed by an
 * independent subscriber). In the same run, as a reference, raw JetStream publish and consume throughput of the same
 * number of ~1 KB messages on a scratch stream of the same server. Prints figures and each service's peak RSS.
 *
 *   npx tsc -b && npx tsx test/bench/e2e-backfill.ts   # BENCH_REPORTS=200 BENCH_ROWS=200 (defaults)
 *   BENCH_EXTRACTOR_CONCURRENCY, BENCH_EXTRACTOR_WORKERS set the extractor's variables (unset: its defaults)
 */
import { AckPolicy, connect, headers as natsHeaders } from 'nats';
import { EventCollector, SmtpSink, Stack, waitFor, type CollectedEvent } from '../support';
import {
  cpuLine,
  cpuSecondsByCommand,
  generateDdors,
  machineCpuSeconds,
  peakRssLine,
  serviceCpuSeconds,
  uploadReport,
} from '../faults/helpers';

/** The servers the run uses beside the services: their CPU time is part of what a backfill costs. */
const SERVERS = ['postgres', 'nats-server'];

const REPORTS = Number(process.env.BENCH_REPORTS ?? 200);
const ROWS = Number(process.env.BENCH_ROWS ?? 200);
const UPLOAD_CONCURRENCY = 8;
/** The extractor's EXTRACTOR_CONCURRENCY and EXTRACTOR_WORKERS for the run; unset, the service's defaults. */
const EXTRACTOR_ENV: Record<string, string> = {
  ...(process.env.BENCH_EXTRACTOR_CONCURRENCY && {
    EXTRACTOR_CONCURRENCY: process.env.BENCH_EXTRACTOR_CONCURRENCY,
  }),
  ...(process.env.BENCH_EXTRACTOR_WORKERS && { EXTRACTOR_WORKERS: process.env.BENCH_EXTRACTOR_WORKERS }),
};
const extractorSettings =
  Object.entries(EXTRACTOR_ENV)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ') || 'extractor defaults';

async function rawJetStream(
  natsUrl: string,
  prefix: string,
  count: number,
): Promise<{ publish: number; consume: number }> {
  const nc = await connect({ servers: natsUrl, name: 'bench-raw' });
  const jsm = await nc.jetstreamManager();
  const stream = `${prefix}RAWBENCH`;
  const subject = `${prefix.toLowerCase()}rawbench`;
  await jsm.streams.add({ name: stream, subjects: [subject] });
  try {
    const js = nc.jetstream();
    const body = new TextEncoder().encode(JSON.stringify({ pad: 'x'.repeat(1000) }));
    let t0 = performance.now();
    const window = 500;
    for (let i = 0; i < count; i += window) {
      const batch: Promise<unknown>[] = [];
      for (let j = i; j < Math.min(count, i + window); j++) {
        const h = natsHeaders();
        h.set('Nats-Msg-Id', `raw-${j}`);
        batch.push(js.publish(subject, body, { headers: h }));
      }
      await Promise.all(batch);
    }
    const publish = count / ((performance.now() - t0) / 1000);
    await jsm.consumers.add(stream, { durable_name: 'rawbench', ack_policy: AckPolicy.Explicit });
    const consumer = await js.consumers.get(stream, 'rawbench');
    t0 = performance.now();
    let n = 0;
    const msgs = await consumer.consume({ max_messages: 1000 });
    for await (const m of msgs) {
      m.ack();
      if (++n >= count) break;
    }
    const consume = count / ((performance.now() - t0) / 1000);
    return { publish, consume };
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  }
}

/**
 * Counts what the collector has received, reading only the events that arrived since the last call: rescanning
 * every event each poll cost the benchmark process a large share of the machine's CPU at 100,000+ events.
 */
class BackfillProgress {
  private read = 0;
  private readonly declinedIds = new Set<string>();
  private readonly totals = new Map<string, number>();
  private readonly estimated = new Map<string, Set<string>>();
  declined = 0;
  everyEstimate = false;

  constructor(private readonly reportIds: Set<string>) {}

  update(events: CollectedEvent[]): this {
    for (; this.read < events.length; this.read++) {
      const e = events[this.read]!;
      const reportId = e.envelope.reportid as string;
      if (!this.reportIds.has(reportId)) continue;
      if (e.subject === 'detainer.declined') this.declinedIds.add(e.envelope.id);
      else if (e.subject === 'jurisdiction.classified')
        this.totals.set(reportId, (e.envelope.data.position as { total: number }).total);
      else if (e.subject === 'grant.exposure.estimated')
        this.estimated.set(reportId, (this.estimated.get(reportId) ?? new Set()).add(e.envelope.id));
    }
    this.declined = this.declinedIds.size;
    this.everyEstimate = [...this.reportIds].every(
      (id) => this.totals.has(id) && (this.estimated.get(id)?.size ?? 0) >= this.totals.get(id)!,
    );
    return this;
  }
}

async function main(): Promise<void> {
  let t = performance.now();
  const reports = await generateDdors(REPORTS, ROWS, 20_000 + (Date.now() % 10_000) * 1000);
  const rows = reports.reduce((n, r) => n + r.rows, 0);
  console.log(
    `generated ${REPORTS} reports, ${rows} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const smtp = await SmtpSink.start();
  const stack = await Stack.create({
    smtp,
    logLevel: process.env.E2E_LOG_LEVEL ?? 'warn',
    env: { 'pdf-extractor': EXTRACTOR_ENV },
  });
  let events: EventCollector | null = null;
  try {
    await stack.startAll();
    events = await EventCollector.start({
      natsUrl: stack.natsUrl,
      stream: stack.eventsStream,
      subjectPrefix: stack.subjectPrefix,
      // Ids and report ids come from the headers; only jurisdiction.classified bodies are read, for each report's
      // jurisdiction count.
      bodiesOf: (subject) => subject === 'jurisdiction.classified',
    });
    await stack.addWatch({ email: 'backfill@newsroom.example', jurisdiction: 'Travis County, TX' });
    const raw = await rawJetStream(stack.natsUrl, stack.streamPrefix, rows);
    console.log(
      `raw JetStream, ${rows} x ~1 KB: publish ${raw.publish.toFixed(0)} msg/s, consume+ack ${raw.consume.toFixed(0)} msg/s`,
    );

    const ev = events;
    const serversBefore = cpuSecondsByCommand(SERVERS);
    const benchBefore = process.cpuUsage();
    const servicesBefore = serviceCpuSeconds(stack);
    const machineBefore = machineCpuSeconds();
    t = performance.now();
    const queue = [...reports];
    await Promise.all(
      Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) await uploadReport(stack, r.pdf, 300_000);
      }),
    );
    const tUploaded = performance.now() - t;
    const progress = new BackfillProgress(new Set(reports.map((r) => r.reportId)));
    let last = 0;
    await waitFor(
      () => {
        const n = progress.update(ev.events).declined;
        if (n - last >= 5000) {
          last = n;
          console.log(`  ${n} detainer.declined at ${((performance.now() - t) / 1000).toFixed(1)} s`);
        }
        return n >= rows;
      },
      {
        timeoutMs: 900_000,
        intervalMs: 100,
        message: `${rows} detainer.declined`,
        context: () => stack.tails(10),
      },
    );
    const tDeclined = performance.now() - t;
    await waitFor(() => progress.update(ev.events).everyEstimate, {
      timeoutMs: 900_000,
      intervalMs: 100,
      message: 'every estimate of every report',
      context: () => stack.tails(10),
    });
    const tEstimated = performance.now() - t;
    console.log(
      `backfill ${REPORTS} x ${ROWS}, ${extractorSettings}: uploads accepted ${(tUploaded / 1000).toFixed(1)} s; all ${rows} detainer.declined ${(tDeclined / 1000).toFixed(1)} s ` +
        `(${(rows / (tDeclined / 1000)).toFixed(0)} rows/s); every estimate published ${(tEstimated / 1000).toFixed(1)} s`,
    );
    const serversAfter = cpuSecondsByCommand(SERVERS);
    const bench = process.cpuUsage(benchBefore);
    const machine = machineCpuSeconds();
    const busy = machine.busy - machineBefore.busy;
    const idle = machine.idle - machineBefore.idle;
    console.log(
      `CPU time during the backfill: ${SERVERS.map((n) => `${n} ${(serversAfter[n]! - serversBefore[n]!).toFixed(1)} s`).join(', ')}, ` +
        `this benchmark process (uploads, subscriber) ${((bench.user + bench.system) / 1e6).toFixed(1)} s; ` +
        `the whole machine ${busy.toFixed(1)} s busy, ${idle.toFixed(1)} s idle (${((100 * busy) / (busy + idle)).toFixed(0)}% of its cores)`,
    );
    // The last report's email leaves after its last estimate; the count is read once no email came for 2 s.
    let seen = -1;
    const quiet = () => {
      const count = smtp.messages.length;
      const unchanged = count === seen;
      seen = count;
      return unchanged;
    };
    await waitFor(quiet, {
      timeoutMs: 60_000,
      intervalMs: 2_000,
      message: 'the emails to stop arriving',
    });
    const lastEmail = Math.max(...smtp.messages.map((m) => m.receivedAt.getTime()));
    console.log(
      `emails (one per report naming Travis County): ${smtp.messages.length}, the last accepted ` +
        `${((lastEmail - (performance.timeOrigin + t)) / 1000).toFixed(1)} s after the first upload`,
    );
    console.log(peakRssLine(stack));
    console.log(
      `${cpuLine(stack, servicesBefore)}\n${cpuLine(stack)}; this benchmark process ${(process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6).toFixed(1)} s`,
    );
  } finally {
    await events?.close();
    await stack.cleanup();
    await smtp.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

/**
 * End-to-end latency: fetch (upload to the fetcher) to email (accepted by the SMTP sink) for one 35-page DDOR, with
 * the five services as separate processes from dist/main.js over the local Postgres and NATS JetStream. Each
 * repetition uses a freshly generated report (new bytes, new report id). Prints per-run figures and p50/p95.
 *
 *   npx tsc -b && npx tsx test/bench/e2e-latency.ts            # BENCH_RUNS=10 BENCH_PAGES=35 by default
 */
import { largeReport } from '@detainer-watch/ddor-fixtures';
import { EventCollector, SmtpSink, Stack, sha256Hex, waitFor } from '../support';
import { peakRssLine, uploadReport } from '../faults/helpers';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PAGES = Number(process.env.BENCH_PAGES ?? 35);
const WATCH = { email: 'latency@newsroom.example', jurisdiction: 'Travis County, TX' };

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const smtp = await SmtpSink.start();
  const stack = await Stack.create({ smtp, logLevel: process.env.E2E_LOG_LEVEL ?? 'warn' });
  let events: EventCollector | null = null;
  try {
    await stack.startAll();
    events = await EventCollector.start({
      natsUrl: stack.natsUrl,
      stream: stack.eventsStream,
      subjectPrefix: stack.subjectPrefix,
    });
    await stack.addWatch(WATCH);
    const totals: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const report = await largeReport(PAGES, undefined, 9000 + i + (Date.now() % 1000) * 100);
      const pdf = Buffer.from(report.pdf);
      const reportId = sha256Hex(pdf);
      const before = smtp.to(WATCH.email).length;
      const t0 = performance.now();
      await uploadReport(stack, pdf);
      const tUpload = performance.now() - t0;
      const ev = events;
      // Polled every 10 ms, so the figures are not rounded up to a coarse interval.
      await waitFor(() => ev.of('report.extracted', reportId).length >= 1, {
        timeoutMs: 120_000,
        intervalMs: 10,
        message: 'report.extracted',
        context: () => stack.tails(10),
      });
      const tExtracted = performance.now() - t0;
      await waitFor(() => smtp.to(WATCH.email).length > before, {
        timeoutMs: 120_000,
        intervalMs: 10,
        message: 'the email',
        context: () => stack.tails(10),
      });
      const tMail = performance.now() - t0;
      const label = i === 0 ? 'warm-up' : `run ${i}`;
      console.log(
        `${label}: ${report.truth.pageCount} pages, ${report.truth.declined.length} rows: upload answered ${tUpload.toFixed(0)} ms, report.extracted ${tExtracted.toFixed(0)} ms, email ${tMail.toFixed(0)} ms`,
      );
      if (i > 0) totals.push(tMail);
    }
    const s = [...totals].sort((a, b) => a - b);
    console.log(
      `fetch-to-email over ${RUNS} runs: p50 ${pct(s, 50).toFixed(0)} ms, p95 ${pct(s, 95).toFixed(0)} ms, min ${s[0]!.toFixed(0)} ms, max ${s[s.length - 1]!.toFixed(0)} ms`,
    );
    console.log(peakRssLine(stack));
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

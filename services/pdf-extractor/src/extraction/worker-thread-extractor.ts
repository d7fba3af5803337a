import { Worker } from 'node:worker_threads';
import type { ExtractionOutcome, ExtractionRequest, ReportExtractor } from './report-extractor';

export interface WorkerThreadOptions {
  /** The extraction is stopped (worker terminated) after this long, and the call fails. */
  timeoutMs: number;
  /** Heap limit of a worker; a report that needs more fails instead of taking the service down. */
  memoryMb: number;
  /** Reports one worker reads before it is replaced, so whatever pdf.js keeps between documents cannot pile up. */
  reportsPerWorker?: number;
}

/*
 * The worker runs the compiled extraction library, resolved by Node itself from this package's directory (never by a
 * test runner's module mapping), so the same code runs under ts-jest and in production. Plain JavaScript for that
 * reason. It serves one job at a time, for as long as the pool keeps it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const path = require.resolve('@detainer-watch/extraction', { paths: [workerData.fromDir] });
if (path.endsWith('.ts')) {
  throw new Error('the extraction worker needs the compiled @detainer-watch/extraction, found only ' + path +
    '; build it (npx tsc -b libs/extraction) or set EXTRACTOR_WORKER_THREADS=false');
}
const { extractReport, ExtractionRejected } = require(path);
parentPort.on('message', (job) => {
  extractReport(job.bytes, { maxPages: job.maxPages, reportId: job.reportId }).then(
    (extract) => parentPort.postMessage({ kind: 'extracted', extract }),
    (err) => parentPort.postMessage(
      err instanceof ExtractionRejected
        ? { kind: 'rejected', reason: err.reason, message: err.message }
        : { kind: 'failed', name: (err && err.name) || 'Error', message: (err && err.message) || String(err), stack: err && err.stack },
    ),
  );
});
`;

type WorkerReply = ExtractionOutcome | { kind: 'failed'; name: string; message: string; stack?: string };

interface PooledWorker {
  worker: Worker;
  reports: number;
}

/**
 * Extraction in worker threads kept warm between reports. The main thread stays free for HTTP, NATS heartbeats and
 * ack-progress signals while pdf.js works; a runaway PDF hits a worker's heap limit or the timeout rather than the
 * service. Starting a worker and loading pdf.js costs more than reading a typical report, so a worker that finished
 * cleanly serves the next one; a worker that timed out, crashed or ran out of memory is discarded, never reused.
 */
export class WorkerThreadExtractor implements ReportExtractor {
  private readonly idle: PooledWorker[] = [];
  private readonly busy = new Set<PooledWorker>();
  private closed = false;

  constructor(private readonly options: WorkerThreadOptions) {}

  extract(bytes: Uint8Array, request: ExtractionRequest): Promise<ExtractionOutcome> {
    if (this.closed) return Promise.reject(new Error('the extractor is shut down'));
    const pooled = this.idle.pop() ?? this.spawn();
    this.busy.add(pooled);
    pooled.worker.ref();
    // A private copy whose buffer can be transferred (the caller's view may share a larger buffer).
    const copy = new Uint8Array(bytes);
    return new Promise<ExtractionOutcome>((resolve, reject) => {
      const { worker } = pooled;
      const finish = (reuse: boolean, settle: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        this.busy.delete(pooled);
        pooled.reports++;
        if (reuse && !this.closed && pooled.reports < (this.options.reportsPerWorker ?? 100)) {
          worker.unref();
          this.idle.push(pooled);
        } else {
          void worker.terminate();
        }
        settle();
      };
      const onMessage = (reply: WorkerReply) =>
        finish(true, () => {
          if (reply.kind !== 'failed') return resolve(reply);
          const err = new Error(
            `extraction of report ${request.reportId} failed: ${reply.name}: ${reply.message}`,
          );
          if (reply.stack) err.stack = `${err.message}\n(worker) ${reply.stack}`;
          reject(err);
        });
      const onError = (err: Error) =>
        finish(false, () =>
          reject(
            new Error(`extraction worker for report ${request.reportId} crashed: ${err.message}`, {
              cause: err,
            }),
          ),
        );
      const onExit = (code: number) =>
        finish(false, () =>
          reject(new Error(`extraction worker for report ${request.reportId} exited with code ${code}`)),
        );
      const timer = setTimeout(
        () =>
          finish(false, () =>
            reject(
              new Error(
                `extraction of report ${request.reportId} took longer than ${this.options.timeoutMs} ms`,
              ),
            ),
          ),
        this.options.timeoutMs,
      );
      worker.on('message', onMessage).once('error', onError).once('exit', onExit);
      worker.postMessage({ bytes: copy, ...request }, [copy.buffer]);
    });
  }

  /** Workers now alive (idle and busy); for tests and diagnostics. */
  get workers(): number {
    return this.idle.length + this.busy.size;
  }

  /** Stops the idle workers; busy ones are stopped when their report ends. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((p) => p.worker.terminate()));
  }

  /** Nest calls this last on shutdown, once HTTP and the consumers have stopped. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private spawn(): PooledWorker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { fromDir: __dirname },
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
      stdout: false,
      stderr: false,
    });
    // An idle worker must not hold the process open; one that dies while idle just leaves the pool.
    const pooled: PooledWorker = { worker, reports: 0 };
    worker.on('error', () => this.drop(pooled));
    worker.on('exit', () => this.drop(pooled));
    return pooled;
  }

  private drop(pooled: PooledWorker): void {
    const at = this.idle.indexOf(pooled);
    if (at >= 0) this.idle.splice(at, 1);
  }
}

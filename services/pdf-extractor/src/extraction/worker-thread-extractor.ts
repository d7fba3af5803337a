import { Worker } from 'node:worker_threads';
import type { ExtractionOutcome, ExtractionRequest, ReportExtractor } from './report-extractor';

export interface WorkerThreadOptions {
  /** The extraction is stopped (worker terminated) after this long, and the call fails. */
  timeoutMs: number;
  /** Heap limit of a worker; a report that needs more fails instead of taking the service down. */
  memoryMb: number;
  /**
   * Workers alive at most; a report that finds them all busy waits for the first one free. Default: one per report
   * read at once.
   */
  maxWorkers?: number;
  /**
   * Reports one worker reads before it is replaced, so whatever pdf.js keeps between documents cannot pile up.
   * Default 1000: a worker's heap after garbage collection grew from 24.1 to 25.0 MB over 160 reports of four
   * layouts (and stayed at 24 MB over 300 of one), while each replacement costs about a second of CPU.
   */
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
const { extractReport, ExtractionRejected, preparePdfReader } = require(path);
const failed = (err) => ({
  kind: 'failed', name: (err && err.name) || 'Error', message: (err && err.message) || String(err), stack: err && err.stack,
});
parentPort.on('message', (job) => {
  if (job.kind === 'prepare') {
    preparePdfReader().then(() => parentPort.postMessage({ kind: 'prepared' }), (err) => parentPort.postMessage(failed(err)));
    return;
  }
  extractReport(job.bytes, { maxPages: job.maxPages, reportId: job.reportId }).then(
    (extract) => parentPort.postMessage({ kind: 'extracted', extract }),
    (err) => parentPort.postMessage(
      err instanceof ExtractionRejected ? { kind: 'rejected', reason: err.reason, message: err.message } : failed(err),
    ),
  );
});
`;

type WorkerJob = ({ kind: 'extract'; bytes: Uint8Array } & ExtractionRequest) | { kind: 'prepare' };

type WorkerReply =
  | ExtractionOutcome
  | { kind: 'prepared' }
  | { kind: 'failed'; name: string; message: string; stack?: string };

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
  /** Reports waiting for a worker (maxWorkers reached), first come first served. */
  private readonly waiting: { resolve(pooled: PooledWorker): void; reject(err: Error): void }[] = [];
  private closed = false;

  constructor(private readonly options: WorkerThreadOptions) {}

  extract(bytes: Uint8Array, request: ExtractionRequest): Promise<ExtractionOutcome> {
    if (this.closed) return Promise.reject(new Error('the extractor is shut down'));
    // A private copy whose buffer can be transferred (the caller's view may share a larger buffer).
    const copy = new Uint8Array(bytes);
    return this.acquire().then((pooled) =>
      this.run<ExtractionOutcome>(
        pooled,
        { message: { kind: 'extract', bytes: copy, ...request }, transfer: [copy.buffer] },
        `extraction of report ${request.reportId}`,
      ),
    );
  }

  /**
   * Starts one worker and loads pdf.js in it (about a second), so the first report does not wait for either. Nest
   * calls this before the service reports ready; a worker that cannot load the extraction library stops the start
   * with that error instead of failing every report later.
   */
  async onModuleInit(): Promise<void> {
    if (this.closed || this.workers > 0) return;
    await this.run<{ kind: 'prepared' }>(
      await this.acquire(),
      { message: { kind: 'prepare' } },
      'starting the extraction worker',
    );
  }

  /**
   * Sends one job to `pooled` (handed out busy by acquire or handBack) and settles with its reply (R: what that
   * job's kind answers, see WORKER_SOURCE); the worker goes back to the pool only if it replied.
   */
  private run<R extends Exclude<WorkerReply, { kind: 'failed' }>>(
    pooled: PooledWorker,
    job: { message: WorkerJob; transfer?: ArrayBuffer[] },
    what: string,
  ): Promise<R> {
    pooled.worker.ref();
    return new Promise((resolve, reject) => {
      const { worker } = pooled;
      const finish = (reuse: boolean, settle: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        this.busy.delete(pooled);
        if (job.message.kind === 'extract') pooled.reports++;
        if (reuse && !this.closed && pooled.reports < (this.options.reportsPerWorker ?? 1000)) {
          this.handBack(pooled);
        } else {
          void worker.terminate();
          this.handBack(null);
        }
        settle();
      };
      const onMessage = (reply: WorkerReply) =>
        finish(true, () => {
          if (reply.kind !== 'failed') return resolve(reply as R);
          const err = new Error(`${what} failed: ${reply.name}: ${reply.message}`);
          if (reply.stack) err.stack = `${err.message}\n(worker) ${reply.stack}`;
          reject(err);
        });
      const onError = (err: Error) =>
        finish(false, () =>
          reject(new Error(`extraction worker crashed during ${what}: ${err.message}`, { cause: err })),
        );
      const onExit = (code: number) =>
        finish(false, () => reject(new Error(`extraction worker exited with code ${code} during ${what}`)));
      const timer = setTimeout(
        () => finish(false, () => reject(new Error(`${what} took longer than ${this.options.timeoutMs} ms`))),
        this.options.timeoutMs,
      );
      worker.on('message', onMessage).once('error', onError).once('exit', onExit);
      worker.postMessage(job.message, job.transfer ?? []);
    });
  }

  /** Workers now alive (idle and busy); for tests and diagnostics. */
  get workers(): number {
    return this.idle.length + this.busy.size;
  }

  /** Stops the idle workers; busy ones are stopped when their report ends; waiting reports fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('the extractor is shut down'));
    await Promise.all(this.idle.splice(0).map((p) => p.worker.terminate()));
  }

  /** Nest calls this last on shutdown, once HTTP and the consumers have stopped. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** An idle worker, a new one while fewer than maxWorkers are alive, or the first one handed back. */
  private acquire(): Promise<PooledWorker> {
    const ready =
      this.idle.pop() ?? (this.workers < (this.options.maxWorkers ?? Infinity) ? this.spawn() : null);
    if (ready) {
      this.busy.add(ready);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** A worker done with its job (or null: it was discarded) goes to the first waiting report, else to the pool. */
  private handBack(pooled: PooledWorker | null): void {
    const next = this.waiting.shift();
    if (!next) {
      if (pooled) {
        pooled.worker.unref();
        this.idle.push(pooled);
      }
      return;
    }
    let worker: PooledWorker;
    try {
      worker = pooled ?? this.spawn();
    } catch (err) {
      return next.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.busy.add(worker);
    next.resolve(worker);
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

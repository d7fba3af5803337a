import { z } from 'zod';
import { platformEnv } from '@detainer-watch/config';

const positiveInt = (what: string) =>
  z.coerce
    .number()
    .int(`expected a whole number of ${what}`)
    .positive(`expected a positive number of ${what}`);

const MIB = 1024 * 1024;

export const configSchema = platformEnv.extend({
  EXTRACTOR_MAX_PAGES: positiveInt('pages')
    .max(1000)
    .default(200)
    .describe(
      'reports with more pages are rejected as too_many_pages before any page is read; 200 pages of the densest ' +
        'layout give a report.extracted of about 650 KB, inside the default NATS max_payload of 1 MiB',
    ),
  EXTRACTOR_MAX_PDF_BYTES: positiveInt('bytes')
    .default(50 * MIB)
    .describe('PDFs larger than this are rejected as too_large without being read'),
  EXTRACTOR_MAX_EVENT_BYTES: positiveInt('bytes')
    .default(MIB)
    .describe(
      "largest report.extracted envelope to publish; set it to the NATS server's max_payload. A larger extract is " +
        'stored and served over HTTP, but the report is rejected as too_large',
    ),
  EXTRACTOR_CONCURRENCY: positiveInt('reports')
    .max(16)
    .default(2)
    .describe(
      'report.fetched messages in progress at once in one process: with 2, the next report is read while the ' +
        'last one is stored and its events published (EXTRACTOR_WORKERS limits how many are read at once)',
    ),
  EXTRACTOR_MAX_DELIVER: positiveInt('deliveries')
    .default(5)
    .describe(
      'deliveries of one report.fetched (missing bytes, database down...) before it is dead-lettered',
    ),
  EXTRACTOR_TIMEOUT_MS: positiveInt('milliseconds')
    .default(10 * 60_000)
    .describe('an extraction still running after this is stopped and the delivery retried'),
  EXTRACTOR_WORKER_THREADS: z
    .enum(['true', 'false'], "expected 'true' or 'false'")
    .default('true')
    .transform((v) => v === 'true')
    .describe(
      'extract in a worker thread (keeps HTTP and the NATS connection responsive, caps memory per report); ' +
        "'false' extracts on the main thread",
    ),
  EXTRACTOR_WORKERS: positiveInt('threads')
    .max(16)
    .default(1)
    .describe(
      'worker threads reading PDFs at once (with EXTRACTOR_WORKER_THREADS); a report in progress beyond these ' +
        'waits for a free one',
    ),
  EXTRACTOR_WORKER_MEMORY_MB: positiveInt('MiB')
    .min(64)
    .default(1024)
    .describe('heap limit of the extraction worker thread; a report that needs more fails that delivery'),
});

export type ServiceConfig = z.infer<typeof configSchema>;

/** The extractor's own settings, without the platform ones, for code that needs only those. */
export type ExtractorSettings = Pick<
  ServiceConfig,
  | 'EXTRACTOR_MAX_PAGES'
  | 'EXTRACTOR_MAX_PDF_BYTES'
  | 'EXTRACTOR_MAX_EVENT_BYTES'
  | 'EXTRACTOR_CONCURRENCY'
  | 'EXTRACTOR_MAX_DELIVER'
  | 'EXTRACTOR_TIMEOUT_MS'
  | 'EXTRACTOR_WORKER_THREADS'
  | 'EXTRACTOR_WORKERS'
  | 'EXTRACTOR_WORKER_MEMORY_MB'
>;

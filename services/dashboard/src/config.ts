import { z } from 'zod';
import { platformEnv } from '@detainer-watch/config';

const baseUrl = (service: string) =>
  z
    .url({ protocol: /^https?$/, error: `expected the http(s) base URL of the ${service}` })
    .transform((u) => u.replace(/\/+$/, ''))
    .describe(`base URL of the ${service} HTTP API, e.g. http://${service}:3000`);

export const configSchema = platformEnv.extend({
  DASHBOARD_REPORT_FETCHER_URL: baseUrl('report-fetcher'),
  DASHBOARD_PDF_EXTRACTOR_URL: baseUrl('pdf-extractor'),
  DASHBOARD_JURISDICTION_CLASSIFIER_URL: baseUrl('jurisdiction-classifier'),
  DASHBOARD_GRANT_EXPOSURE_URL: baseUrl('grant-exposure-calculator'),
  DASHBOARD_NOTIFIER_URL: baseUrl('notifier'),
  DASHBOARD_NOTIFIER_API_KEY: z
    .string()
    .min(1)
    .optional()
    .describe(
      "the notifier's NOTIFIER_API_KEY; kept in this process and never sent to the browser. Without it the " +
        'watches page says that watches cannot be managed here',
    ),
  DASHBOARD_UPSTREAM_TIMEOUT_MS: z.coerce
    .number()
    .int('expected a whole number of milliseconds')
    .min(100)
    .default(10_000)
    .describe('how long the dashboard waits for one upstream API call before answering 504'),
  DASHBOARD_PUBLIC_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'folder of the built front-end; default dist/public of this package (built by `npm run build:web`)',
    ),
  DASHBOARD_PROGRESS_REPORTS: z.coerce
    .number()
    .int('expected a whole number')
    .min(1)
    .default(200)
    .describe('how many reports the live progress tracker remembers (the most recently active ones)'),
});

export type ServiceConfig = z.infer<typeof configSchema>;

import { ConfigError, loadConfig, platformEnv, type Env } from '@detainer-watch/config';
import { isIP } from 'node:net';
import { z } from 'zod';
import {
  CONFIG_ENV,
  CONFIG_FILE_ENV,
  EVERY_FIVE_MINUTES,
  FetcherConfigError,
  loadFetcherConfig,
  type FetcherConfig,
  type SourceConfig,
} from './sources/source.config';

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** The id of the inbox source that REPORT_FETCHER_INBOX_DIR adds. */
export const INBOX_SOURCE_ID = 'inbox';

/** Parses the JSON of REPORT_FETCHER_CONFIG or of the file REPORT_FETCHER_CONFIG_FILE names, inside zod, so a
 * problem is reported by loadConfig against the variable it came from. */
const fetcherJson = (fromFile: boolean) => (value: string, ctx: z.RefinementCtx) => {
  try {
    return loadFetcherConfig(fromFile ? { [CONFIG_FILE_ENV]: value } : { [CONFIG_ENV]: value });
  } catch (e) {
    if (!(e instanceof FetcherConfigError)) throw e;
    ctx.addIssue({ code: 'custom', message: e.message });
    return z.NEVER;
  }
};

export const configSchema = platformEnv.extend({
  [CONFIG_ENV]: z
    .string()
    .transform(fetcherJson(false))
    .optional()
    .describe(
      'sources, HTTP policy and thresholds as JSON ({"sources":[{"id","kind":"index|url|inbox","url"|"path","cron"}],"http":{...}}); default: the ICE index page, weekly',
    ),
  [CONFIG_FILE_ENV]: z
    .string()
    .transform(fetcherJson(true))
    .optional()
    .describe(`path to a JSON file with the same content as ${CONFIG_ENV}`),
  REPORT_FETCHER_ALLOWED_HOSTS: z
    .string()
    .transform(list)
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$/, 'expected host names')).min(1))
    .optional()
    .describe(
      'comma-separated hosts the fetcher may contact, redirects included (overrides http.allowedHosts)',
    ),
  REPORT_FETCHER_ALLOW_PRIVATE_ADDRESSES: z
    .string()
    .transform(list)
    .pipe(z.array(z.string().refine((a) => isIP(a) !== 0, 'expected IP addresses such as 127.0.0.1')))
    .optional()
    .describe(
      'comma-separated private/loopback IP addresses the fetcher may connect to anyway; leave unset in production (SSRF guard)',
    ),
  REPORT_FETCHER_MAX_PDF_BYTES: z.coerce
    .number()
    .int('expected a whole number of bytes')
    .positive()
    .optional()
    .describe('largest PDF accepted from any source or upload, enforced while streaming (default 52428800)'),
  REPORT_FETCHER_FAILURE_THRESHOLD: z.coerce
    .number()
    .int('expected a whole number')
    .positive()
    .optional()
    .describe(
      'consecutive failed checks of a source before report.fetch_failed {status: "failing"} (default 3)',
    ),
  REPORT_FETCHER_INBOX_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(`a folder watched for dropped PDFs (adds the source "${INBOX_SOURCE_ID}")`),
  REPORT_FETCHER_CONTACT: z
    .string()
    .regex(/^[^\s()]+$/, 'expected an email address or URL without spaces or parentheses')
    .optional()
    .describe("how ICE's web admins can reach the operator; appended to the User-Agent"),
});

export type ServiceConfig = z.infer<typeof configSchema>;

/** loadConfig for this service: throws a ConfigError naming every missing or malformed variable. */
export const loadServiceConfig = (env: Env = process.env): ServiceConfig =>
  loadConfig(configSchema, env, { context: 'report-fetcher' });

const problem = (variable: string, reason: string) =>
  new ConfigError([{ variable, problem: 'malformed', reason }], 'report-fetcher');

/**
 * The fetcher's effective configuration: the JSON (or the defaults: the ICE index page, weekly) with the single
 * variables applied over it.
 */
export function fetcherConfigOf(vars: ServiceConfig): FetcherConfig {
  const inline = vars[CONFIG_ENV];
  const file = vars[CONFIG_FILE_ENV];
  if (inline !== undefined && file !== undefined)
    throw problem(CONFIG_FILE_ENV, `set either ${CONFIG_ENV} or ${CONFIG_FILE_ENV}, not both`);
  const base = inline ?? file ?? loadFetcherConfig({});
  const http = { ...base.http };
  if (vars.REPORT_FETCHER_ALLOWED_HOSTS) http.allowedHosts = vars.REPORT_FETCHER_ALLOWED_HOSTS;
  if (vars.REPORT_FETCHER_ALLOW_PRIVATE_ADDRESSES)
    http.allowedPrivateAddresses = vars.REPORT_FETCHER_ALLOW_PRIVATE_ADDRESSES;
  if (vars.REPORT_FETCHER_MAX_PDF_BYTES) http.maxPdfBytes = vars.REPORT_FETCHER_MAX_PDF_BYTES;
  if (vars.REPORT_FETCHER_CONTACT)
    http.userAgent = `${http.userAgent.replace(/\s*\(.*\)$/, '')} (+${vars.REPORT_FETCHER_CONTACT})`;
  let sources: SourceConfig[] = base.sources;
  const inboxDir = vars.REPORT_FETCHER_INBOX_DIR;
  if (inboxDir !== undefined && !sources.some((s) => s.kind === 'inbox' && s.path === inboxDir)) {
    if (sources.some((s) => s.id === INBOX_SOURCE_ID))
      throw problem(
        'REPORT_FETCHER_INBOX_DIR',
        `a configured source already has the id "${INBOX_SOURCE_ID}"; configure the inbox folder there instead`,
      );
    sources = [
      ...sources,
      {
        id: INBOX_SOURCE_ID,
        kind: 'inbox',
        path: inboxDir,
        cron: EVERY_FIVE_MINUTES,
        enabled: true,
        timezone: 'UTC',
      },
    ];
  }
  return {
    ...base,
    sources,
    http,
    failureThreshold: vars.REPORT_FETCHER_FAILURE_THRESHOLD ?? base.failureThreshold,
  };
}

import { readFileSync } from 'node:fs';
import { Cron } from 'croner';
import { z } from 'zod';
import { HttpPolicySchema } from '../http/http-policy';

/**
 * ICE's page for the Declined Detainer Outcome Reports, as it was announced in 2017. The address has moved before,
 * so it is only the default of the `index` source: configure another `url` when ICE moves it again.
 */
export const ICE_DDOR_INDEX_URL = 'https://www.ice.gov/declined-detainer-outcome-report';

/** Mondays 06:00 UTC: the series was weekly, later quarterly, so a weekly look is polite and timely enough. */
export const WEEKLY = '0 6 * * 1';
/** The inbox is a local folder: looking often costs nothing and an analyst dropping a file expects it picked up. */
export const EVERY_FIVE_MINUTES = '*/5 * * * *';

const cronExpression = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .superRefine((expr, ctx) => {
      try {
        new Cron(expr, { paused: true }).stop();
      } catch (e) {
        ctx.addIssue({
          code: 'custom',
          message: `invalid cron expression "${expr}": ${(e as Error).message}`,
        });
      }
    });

const timezone = z
  .string()
  .default('UTC')
  .superRefine((tz, ctx) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `unknown time zone "${tz}" (expected an IANA name such as UTC)`,
      });
    }
  });

const SourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a source id is lower-case letters, digits, "-" or "_" (max 63)')
  .refine((id) => id !== 'upload', 'the source id "upload" is reserved for manual uploads');

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' });

const common = { id: SourceId, enabled: z.boolean().default(true), timezone };

export const IndexSourceSchema = z.object({
  ...common,
  kind: z.literal('index'),
  url: httpUrl,
  cron: cronExpression(WEEKLY),
  /** Only links whose absolute URL or link text matches this (case-insensitive) regular expression are fetched. */
  include: z
    .string()
    .optional()
    .superRefine((re, ctx) => {
      if (re === undefined) return;
      try {
        new RegExp(re, 'i');
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(e as Error).message}` });
      }
    }),
});

export const UrlSourceSchema = z.object({
  ...common,
  kind: z.literal('url'),
  url: httpUrl,
  cron: cronExpression(WEEKLY),
});

export const InboxSourceSchema = z.object({
  ...common,
  kind: z.literal('inbox'),
  path: z.string().min(1, 'the inbox folder path is empty'),
  cron: cronExpression(EVERY_FIVE_MINUTES),
});

export const SourceConfigSchema = z.discriminatedUnion('kind', [
  IndexSourceSchema,
  UrlSourceSchema,
  InboxSourceSchema,
]);

export const FetcherConfigSchema = z.object({
  sources: z
    .array(SourceConfigSchema)
    .prefault([{ id: 'ice-ddor', kind: 'index', url: ICE_DDOR_INDEX_URL }])
    .superRefine((sources, ctx) => {
      const seen = new Set<string>();
      sources.forEach((s, i) => {
        if (seen.has(s.id))
          ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate source id "${s.id}"` });
        seen.add(s.id);
      });
    }),
  http: HttpPolicySchema.prefault({}),
  /** Consecutive failed checks of a source before `report.fetch_failed` {status: 'failing'} is published. */
  failureThreshold: z.number().int().positive().default(3),
  /** Where downloads are spooled before they are validated and stored; default: the OS temp folder. */
  tempDir: z.string().optional(),
  /** How long an inbox file's size and mtime must stay unchanged before it is taken (ms). */
  inboxSettleMs: z.number().int().nonnegative().default(2000),
});

export type IndexSource = z.infer<typeof IndexSourceSchema>;
export type UrlSource = z.infer<typeof UrlSourceSchema>;
export type InboxSource = z.infer<typeof InboxSourceSchema>;
export type SourceConfig = z.infer<typeof SourceConfigSchema>;
export type FetcherConfig = z.infer<typeof FetcherConfigSchema>;

export const CONFIG_ENV = 'REPORT_FETCHER_CONFIG';
export const CONFIG_FILE_ENV = 'REPORT_FETCHER_CONFIG_FILE';

export class FetcherConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetcherConfigError';
  }
}

/**
 * Reads the fetcher's configuration from `REPORT_FETCHER_CONFIG` (JSON) or `REPORT_FETCHER_CONFIG_FILE` (path to a
 * JSON file); with neither, the defaults (one `index` source on ICE's page). Throws a FetcherConfigError naming the
 * variable, the file and every offending field.
 */
export function loadFetcherConfig(env: NodeJS.ProcessEnv = process.env): FetcherConfig {
  const inline = env[CONFIG_ENV];
  const file = env[CONFIG_FILE_ENV];
  if (inline !== undefined && file !== undefined)
    throw new FetcherConfigError(`set either ${CONFIG_ENV} or ${CONFIG_FILE_ENV}, not both`);
  let origin = 'defaults';
  let raw: unknown = {};
  if (inline !== undefined) {
    origin = CONFIG_ENV;
    raw = parseJson(inline, CONFIG_ENV);
  } else if (file !== undefined) {
    origin = `${CONFIG_FILE_ENV}=${file}`;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new FetcherConfigError(`${origin}: cannot read the file: ${(e as Error).message}`);
    }
    raw = parseJson(text, origin);
  }
  return parseFetcherConfig(raw, origin);
}

export function parseFetcherConfig(raw: unknown, origin = 'configuration'): FetcherConfig {
  const r = FetcherConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new FetcherConfigError(`${origin} is invalid: ${issues.join('; ')}`);
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FetcherConfigError(`${origin} is not valid JSON: ${(e as Error).message}`);
  }
}

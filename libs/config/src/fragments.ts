import { z } from 'zod';

/**
 * Reusable groups of variables. A service composes its schema from these plus its own variables, e.g.
 * `platformEnv.extend({ SMTP_URL: z.url() })`, so the same variable has the same name and rules everywhere.
 */

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
// One server or a comma-separated cluster list, as the nats client accepts.
const NATS_URLS = /^(nats|tls|ws|wss):\/\/[^\s,]+(,(nats|tls|ws|wss):\/\/[^\s,]+)*$/;

export const databaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(POSTGRES_URL, 'expected a postgres:// URL such as postgres://user:password@host:5432/db')
    .describe('Postgres connection URL'),
  DATABASE_SCHEMA: z
    .string()
    .regex(
      /^[a-z_][a-z0-9_]{0,62}$/,
      'expected a lower-case SQL identifier (letters, digits, _), at most 63 chars',
    )
    .describe("the Postgres schema this service owns, e.g. 'pdf_extractor'"),
});

export const natsEnv = z.object({
  NATS_URL: z
    .string()
    .regex(NATS_URLS, 'expected nats://host:port, or several separated by commas')
    .describe('NATS server URL(s)'),
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(
      /^([A-Za-z0-9_-]+\.)*$/,
      "expected dot-separated tokens ending in '.', such as 'staging.', or empty",
    )
    .default('')
    .describe(
      'namespace prepended to every subject, so several deployments or test runs can share one server',
    ),
  NATS_STREAM_PREFIX: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]*$/,
      'expected letters, digits, _ or - (stream names cannot contain . * > or spaces)',
    )
    .default('DETAINER_')
    .describe('prefix of every JetStream stream name'),
  NATS_STREAM_REPLICAS: z.coerce
    .number()
    .int('expected a whole number')
    .refine((n) => n === 1 || n === 3 || n === 5, 'expected 1, 3 or 5')
    .default(1)
    .describe(
      'copies of each JetStream stream and of the report store: 1 on a single server, 3 on a cluster of three (survives one server down)',
    ),
  NATS_ACK_WAIT_MS: z.coerce
    .number()
    .int('expected a whole number')
    .min(1000)
    .default(30_000)
    .describe(
      'how long an event held by a replica that died waits before another replica gets it (ms); running handlers signal progress, so it does not limit how long they take',
    ),
});

export const httpEnv = z.object({
  HTTP_PORT: z.coerce
    .number()
    .int('expected a whole number')
    .min(0)
    .max(65535)
    .describe('port of the HTTP server (health, readiness, metrics, API); 0 picks a free port'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0').describe('address the HTTP server binds to'),
});

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const logEnv = z.object({
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info').describe('minimum level written to the log'),
});

/** Everything `service-kit` reads: database, NATS, HTTP and logging. */
export const platformEnv = databaseEnv.extend(natsEnv.shape).extend(httpEnv.shape).extend(logEnv.shape);
export type PlatformConfig = z.infer<typeof platformEnv>;

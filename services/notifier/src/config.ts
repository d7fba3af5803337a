import { z } from 'zod';
import { platformEnv } from '@detainer-watch/config';
import { type MailConfig, type RetryPolicy, mailConfigFromEnv } from './config/mail.config';

const wholeNumber = z.string().regex(/^\d+$/, 'expected a whole number');
const flag = z.enum(['true', 'false'], 'expected true or false');

/**
 * The notifier's environment: the platform variables plus mail delivery, the API key and the retry settings.
 * The mail variables are checked again together by `mailConfigFromEnv` (e.g. the From address, the base URL), and a
 * problem there is reported under the variable's own name.
 */
export const configSchema = platformEnv
  .extend({
    DATABASE_SCHEMA: platformEnv.shape.DATABASE_SCHEMA.default('notifier'),
    NOTIFIER_API_KEY: z
      .string()
      .min(16, 'expected at least 16 characters')
      .describe('key for the watch management API (header x-api-key or Authorization: Bearer)'),
    NOTIFIER_BASE_URL: z
      .string()
      .describe(
        'public base URL of this API, used in confirm and unsubscribe links, e.g. https://watch.example.org',
      ),
    NOTIFIER_REQUIRE_CONFIRMATION: flag
      .default('true')
      .describe('true: a new watch gets a confirmation email and no alert until its link is opened'),
    MAIL_FROM: z.string().describe('From: address of every email, e.g. alerts@example.org'),
    MAIL_FROM_NAME: z.string().default('detainer-watch').describe('display name of the From: address'),
    MAIL_EML_DIR: z
      .string()
      .default('./data/outbox')
      .describe('folder .eml files are written to when SMTP_HOST is not set'),
    SMTP_HOST: z.string().optional().describe('SMTP server; unset writes .eml files to MAIL_EML_DIR instead'),
    SMTP_PORT: wholeNumber.default('587').describe('SMTP port'),
    SMTP_SECURE: flag.default('false').describe('true: implicit TLS from the first byte (usually port 465)'),
    SMTP_STARTTLS: z
      .enum(['required', 'opportunistic', 'never'])
      .default('opportunistic')
      .describe('STARTTLS on a plain connection: required, opportunistic or never (a local mail catcher)'),
    SMTP_USER: z.string().optional().describe('SMTP user; unset for no authentication'),
    SMTP_PASS: z.string().optional().describe('SMTP password (with SMTP_USER)'),
    SMTP_MAX_CONNECTIONS: wholeNumber.default('5').describe('SMTP connections in the pool'),
    SMTP_TIMEOUT_MS: wholeNumber.default('30000').describe('timeout of each SMTP step (ms)'),
    MAIL_RETRY_MAX_ATTEMPTS: wholeNumber
      .default('3')
      .describe('attempts per message within one run on temporary SMTP failures (4xx, connection errors)'),
    MAIL_RETRY_BASE_DELAY_MS: wholeNumber
      .default('2000')
      .describe('first backoff between those attempts (ms)'),
    MAIL_RETRY_MAX_DELAY_MS: wholeNumber
      .default('10000')
      .describe('longest backoff between those attempts (ms)'),
    NOTIFIER_RETRY_MAX_RUNS: wholeNumber
      .default('12')
      .describe('runs that may end in a temporary failure before a delivery is recorded as failed for good'),
    NOTIFIER_RETRY_BASE_DELAY_MS: wholeNumber
      .default('60000')
      .describe('wait after the first failed run before the retry sweep tries again (ms), doubling'),
    NOTIFIER_RETRY_MAX_DELAY_MS: wholeNumber.default('3600000').describe('longest wait between runs (ms)'),
    NOTIFIER_RETRY_SWEEP_INTERVAL_MS: wholeNumber
      .default('30000')
      .describe('how often due retries and abandoned sends are looked for (ms)'),
    NOTIFIER_SEND_LEASE_MS: wholeNumber
      .default('900000')
      .describe(
        'how long a send claim protects a delivery; after a crash it is retried once this has passed',
      ),
    NOTIFIER_SEND_CONCURRENCY: wholeNumber.default('10').describe('alert emails handed to SMTP at once'),
    NOTIFIER_RESOLVE_TIMEOUT_MS: wholeNumber
      .default('5000')
      .describe('how long POST /watches waits for the jurisdiction resolver (ms)'),
  })
  .superRefine((env, ctx) => {
    try {
      mailConfigFromEnv(env as unknown as NodeJS.ProcessEnv);
    } catch (err) {
      // "invalid mail configuration: SMTP_PORT: ...; MAIL_FROM: ..." -> one issue per variable
      const text = (err as Error).message.replace(/^invalid mail configuration: /, '');
      for (const part of text.split('; ')) {
        const m = /^([A-Z_]+): (.*)$/s.exec(part);
        ctx.addIssue({ code: 'custom', path: [m ? m[1]! : 'MAIL_FROM'], message: m ? m[2]! : part });
      }
    }
  });

export type ServiceConfig = z.infer<typeof configSchema>;

/** Settings the notifier's parts use, derived once from the validated environment. */
export interface NotifierSettings {
  apiKey: string;
  requireConfirmation: boolean;
  mail: MailConfig;
  /** right-hand side of Message-IDs: the domain of MAIL_FROM */
  messageIdDomain: string;
  runRetry: RetryPolicy;
  sweepIntervalMs: number;
  sendLeaseMs: number;
  sendConcurrency: number;
  resolveTimeoutMs: number;
}

export function notifierSettings(config: ServiceConfig): NotifierSettings {
  const mail = mailConfigFromEnv(config as unknown as NodeJS.ProcessEnv);
  return {
    apiKey: config.NOTIFIER_API_KEY,
    requireConfirmation: config.NOTIFIER_REQUIRE_CONFIRMATION === 'true',
    mail,
    messageIdDomain: mail.from.split('@')[1]!,
    runRetry: {
      maxAttempts: Math.max(1, Number(config.NOTIFIER_RETRY_MAX_RUNS)),
      baseDelayMs: Number(config.NOTIFIER_RETRY_BASE_DELAY_MS),
      maxDelayMs: Math.max(
        Number(config.NOTIFIER_RETRY_BASE_DELAY_MS),
        Number(config.NOTIFIER_RETRY_MAX_DELAY_MS),
      ),
    },
    sweepIntervalMs: Math.max(100, Number(config.NOTIFIER_RETRY_SWEEP_INTERVAL_MS)),
    sendLeaseMs: Number(config.NOTIFIER_SEND_LEASE_MS),
    sendConcurrency: Math.max(1, Number(config.NOTIFIER_SEND_CONCURRENCY)),
    resolveTimeoutMs: Number(config.NOTIFIER_RESOLVE_TIMEOUT_MS),
  };
}

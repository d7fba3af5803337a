import { z } from 'zod';
import { hasControlChars } from '../text/header-safety';

/**
 * What the notifier needs to render and deliver mail. `smtp` is absent in the embedded mode: mail is then written as
 * .eml files to `emlDir` instead of being sent.
 */
export const SmtpConfig = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  /** implicit TLS from the first byte (usually port 465) */
  secure: z.boolean(),
  /**
   * For a plain connection: `required` refuses to send unless the server offers STARTTLS, `opportunistic` upgrades
   * when offered, `never` does not try (a local catcher).
   */
  startTls: z.enum(['required', 'opportunistic', 'never']),
  auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).nullable(),
  maxConnections: z.number().int().positive(),
  /** per SMTP conversation step (connect, greeting, each reply) */
  timeoutMs: z.number().int().positive(),
});

export const RetryPolicy = z
  .object({
    maxAttempts: z.number().int().min(1),
    baseDelayMs: z.number().int().nonnegative(),
    maxDelayMs: z.number().int().nonnegative(),
  })
  .refine((p) => p.maxDelayMs >= p.baseDelayMs, {
    message: 'maxDelayMs must not be smaller than baseDelayMs',
  });

export const MailConfig = z.object({
  /** public base URL of the notifier's REST API, used to build confirm and unsubscribe links */
  baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')),
  /** the From: address, bare (alerts@example.org); its display name is `fromName` */
  from: z.email(),
  fromName: z
    .string()
    .max(80)
    .refine((s) => !hasControlChars(s) && !/["<>]/.test(s), {
      message: 'fromName must not contain line breaks, control characters, quotes or angle brackets',
    }),
  smtp: SmtpConfig.nullable(),
  emlDir: z.string().min(1),
  retry: RetryPolicy,
});

export type SmtpConfig = z.infer<typeof SmtpConfig>;
export type RetryPolicy = z.infer<typeof RetryPolicy>;
export type MailConfig = z.infer<typeof MailConfig>;

const envName: Record<string, string> = {
  baseUrl: 'NOTIFIER_BASE_URL',
  from: 'MAIL_FROM',
  fromName: 'MAIL_FROM_NAME',
  emlDir: 'MAIL_EML_DIR',
  'smtp.host': 'SMTP_HOST',
  'smtp.port': 'SMTP_PORT',
  'smtp.secure': 'SMTP_SECURE',
  'smtp.startTls': 'SMTP_STARTTLS',
  'smtp.auth.user': 'SMTP_USER',
  'smtp.auth.pass': 'SMTP_PASS',
  'smtp.maxConnections': 'SMTP_MAX_CONNECTIONS',
  'smtp.timeoutMs': 'SMTP_TIMEOUT_MS',
  'retry.maxAttempts': 'MAIL_RETRY_MAX_ATTEMPTS',
  'retry.baseDelayMs': 'MAIL_RETRY_BASE_DELAY_MS',
  'retry.maxDelayMs': 'MAIL_RETRY_MAX_DELAY_MS',
};

const int = (v: string | undefined, fallback: number): number | string =>
  v === undefined || v === '' ? fallback : /^\d+$/.test(v) ? Number(v) : v;
const bool = (v: string | undefined, fallback: boolean): boolean | string =>
  v === undefined || v === '' ? fallback : v === 'true' ? true : v === 'false' ? false : v;

/**
 * Reads the mail configuration from environment variables. Throws one error naming every variable that is missing or
 * malformed. SMTP is configured when SMTP_HOST is set; otherwise mail goes to .eml files in MAIL_EML_DIR.
 */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv): MailConfig {
  const user = env.SMTP_USER;
  const raw = {
    baseUrl: env.NOTIFIER_BASE_URL,
    from: env.MAIL_FROM,
    fromName: env.MAIL_FROM_NAME ?? 'detainer-watch',
    emlDir: env.MAIL_EML_DIR ?? './data/outbox',
    smtp: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: int(env.SMTP_PORT, 587),
          secure: bool(env.SMTP_SECURE, false),
          startTls: env.SMTP_STARTTLS ?? 'opportunistic',
          auth: user ? { user, pass: env.SMTP_PASS } : null,
          maxConnections: int(env.SMTP_MAX_CONNECTIONS, 5),
          timeoutMs: int(env.SMTP_TIMEOUT_MS, 30_000),
        }
      : null,
    retry: {
      maxAttempts: int(env.MAIL_RETRY_MAX_ATTEMPTS, 5),
      baseDelayMs: int(env.MAIL_RETRY_BASE_DELAY_MS, 2_000),
      maxDelayMs: int(env.MAIL_RETRY_MAX_DELAY_MS, 120_000),
    },
  };
  const parsed = MailConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const path = i.path.join('.');
    const name = envName[path] ?? path;
    return `${name}: ${i.message}`;
  });
  throw new Error(`invalid mail configuration: ${problems.join('; ')}`);
}

import { ConfigError, loadConfig } from '@detainer-watch/config';
import { configSchema, notifierSettings } from './config';

const env = {
  DATABASE_URL: 'postgres://notifier@db:5432/detainer',
  NATS_URL: 'nats://nats:4222',
  HTTP_PORT: '3000',
  NOTIFIER_API_KEY: 'k'.repeat(32),
  NOTIFIER_BASE_URL: 'https://watch.example.org/',
  MAIL_FROM: 'alerts@watch.example.org',
};

const problemsOf = (e: Record<string, string>): string => {
  try {
    loadConfig(configSchema, e);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('notifier config', () => {
  it('derives settings with defaults: confirmation on, .eml files without SMTP_HOST, schema "notifier"', () => {
    const config = loadConfig(configSchema, env);
    expect(config.DATABASE_SCHEMA).toBe('notifier');
    const s = notifierSettings(config);
    expect(s).toMatchObject({
      requireConfirmation: true,
      messageIdDomain: 'watch.example.org',
      runRetry: { maxAttempts: 12, baseDelayMs: 60_000, maxDelayMs: 3_600_000 },
      sendLeaseMs: 900_000,
    });
    expect(s.mail).toMatchObject({
      baseUrl: 'https://watch.example.org',
      smtp: null,
      emlDir: './data/outbox',
    });
    expect(s.mail.retry).toEqual({ maxAttempts: 3, baseDelayMs: 2000, maxDelayMs: 10_000 });
  });

  it('reads SMTP and the confirmation switch', () => {
    const s = notifierSettings(
      loadConfig(configSchema, {
        ...env,
        SMTP_HOST: 'mail',
        SMTP_PORT: '465',
        SMTP_SECURE: 'true',
        SMTP_USER: 'u',
        SMTP_PASS: 'p',
        NOTIFIER_REQUIRE_CONFIRMATION: 'false',
      }),
    );
    expect(s.requireConfirmation).toBe(false);
    expect(s.mail.smtp).toMatchObject({
      host: 'mail',
      port: 465,
      secure: true,
      auth: { user: 'u', pass: 'p' },
    });
  });

  it('names each missing or malformed variable, the API key first among them', () => {
    const { NOTIFIER_API_KEY: _key, ...withoutKey } = env;
    expect(problemsOf(withoutKey)).toMatch(/NOTIFIER_API_KEY.*missing/s);
    expect(problemsOf({ ...env, NOTIFIER_API_KEY: 'short' })).toMatch(/NOTIFIER_API_KEY.*at least 16/s);
    expect(problemsOf({ ...env, SMTP_PORT: 'smtp' })).toMatch(/SMTP_PORT.*whole number/s);
    expect(problemsOf({ ...env, NOTIFIER_REQUIRE_CONFIRMATION: 'yes' })).toMatch(
      /NOTIFIER_REQUIRE_CONFIRMATION.*true or false/s,
    );
    expect(problemsOf({ ...env, MAIL_FROM: 'not an address' })).toMatch(/MAIL_FROM/);
    expect(problemsOf({ ...env, NOTIFIER_BASE_URL: 'ftp://x' })).toMatch(/NOTIFIER_BASE_URL/);
  });
});

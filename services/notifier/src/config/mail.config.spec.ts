import { mailConfigFromEnv } from './mail.config';

const base = { NOTIFIER_BASE_URL: 'https://watch.example.org/', MAIL_FROM: 'alerts@watch.example.org' };

describe('mailConfigFromEnv', () => {
  it('writes .eml files when no SMTP host is set, and trims the base URL', () => {
    const c = mailConfigFromEnv(base);
    expect(c).toMatchObject({ baseUrl: 'https://watch.example.org', smtp: null, emlDir: './data/outbox' });
    expect(c.retry).toEqual({ maxAttempts: 5, baseDelayMs: 2000, maxDelayMs: 120000 });
  });

  it('reads SMTP settings', () => {
    const c = mailConfigFromEnv({
      ...base,
      SMTP_HOST: 'mail',
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      SMTP_USER: 'u',
      SMTP_PASS: 'p',
    });
    expect(c.smtp).toMatchObject({
      host: 'mail',
      port: 465,
      secure: true,
      auth: { user: 'u', pass: 'p' },
      startTls: 'opportunistic',
    });
  });

  it('names every missing or malformed variable', () => {
    expect(() =>
      mailConfigFromEnv({
        MAIL_FROM: 'not an address',
        SMTP_HOST: 'mail',
        SMTP_PORT: 'abc',
        SMTP_STARTTLS: 'maybe',
        SMTP_USER: 'u',
      }),
    ).toThrow(/NOTIFIER_BASE_URL: .*MAIL_FROM: .*SMTP_PORT: .*SMTP_STARTTLS: .*SMTP_PASS: /);
    expect(() => mailConfigFromEnv({ ...base, MAIL_FROM_NAME: 'x\r\nBcc: y@z.org' })).toThrow(
      /MAIL_FROM_NAME: .*line breaks/,
    );
  });
});

import { serviceEnv, type EmbeddedSettings } from './embedded-env';
import { EMBEDDED_SERVICES } from './services';

const settings: EmbeddedSettings = {
  databaseUrl: 'postgres://postgres:pw@127.0.0.1:40000/postgres',
  portBase: 3001,
  host: '127.0.0.1',
  inboxDir: '/data/inbox',
  mailDir: '/data/mail',
  tempDir: '/data/tmp',
  notifierApiKey: 'k'.repeat(32),
  pollIce: false,
};
const service = (name: string) => EMBEDDED_SERVICES.find((s) => s.name === name)!;

describe('serviceEnv', () => {
  it('gives each service its own schema and port after port-base, in pipeline order', () => {
    const envs = EMBEDDED_SERVICES.map((s) => serviceEnv(s, settings, {}));
    expect(envs.map((e) => [e.DATABASE_SCHEMA, e.HTTP_PORT])).toEqual([
      ['report_fetcher', '3001'],
      ['pdf_extractor', '3002'],
      ['jurisdiction_classifier', '3003'],
      ['grant_exposure_calculator', '3004'],
      ['notifier', '3005'],
    ]);
  });

  it('runs the fetcher on the inbox only (no ICE polling) unless --poll-ice', () => {
    const env = serviceEnv(service('report-fetcher'), settings, {});
    expect(env.REPORT_FETCHER_INBOX_DIR).toBe('/data/inbox');
    expect(JSON.parse(env.REPORT_FETCHER_CONFIG!)).toMatchObject({ sources: [] });
    const polling = serviceEnv(service('report-fetcher'), { ...settings, pollIce: true }, {});
    expect(JSON.parse(polling.REPORT_FETCHER_CONFIG!)).not.toHaveProperty('sources');
  });

  it('leaves the fetcher configuration to a file the host names', () => {
    const env = serviceEnv(service('report-fetcher'), settings, {
      REPORT_FETCHER_CONFIG_FILE: '/etc/f.json',
    });
    expect(env.REPORT_FETCHER_CONFIG).toBeUndefined();
    expect(env.REPORT_FETCHER_CONFIG_FILE).toBe('/etc/f.json');
  });

  it('writes mail as .eml files without confirmation by default; the host environment overrides', () => {
    const env = serviceEnv(service('notifier'), settings, {});
    expect(env).toMatchObject({
      MAIL_EML_DIR: '/data/mail',
      NOTIFIER_REQUIRE_CONFIRMATION: 'false',
      NOTIFIER_BASE_URL: 'http://127.0.0.1:3005',
    });
    expect(env.SMTP_HOST).toBeUndefined();
    const host = serviceEnv(service('notifier'), settings, {
      SMTP_HOST: 'mail.example.org',
      MAIL_FROM: 'a@example.org',
    });
    expect(host).toMatchObject({ SMTP_HOST: 'mail.example.org', MAIL_FROM: 'a@example.org' });
  });

  it('keeps the database, schema and port it assigns whatever the host sets', () => {
    const env = serviceEnv(service('notifier'), settings, {
      DATABASE_URL: 'postgres://elsewhere/db',
      DATABASE_SCHEMA: 'other',
      HTTP_PORT: '80',
    });
    expect(env).toMatchObject({
      DATABASE_URL: settings.databaseUrl,
      DATABASE_SCHEMA: 'notifier',
      HTTP_PORT: '3005',
    });
  });
});

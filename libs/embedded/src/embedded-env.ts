import type { Env } from '@detainer-watch/config';
import type { EmbeddedService, ServiceName } from './services';

export interface EmbeddedSettings {
  databaseUrl: string;
  portBase: number;
  host: string;
  inboxDir: string;
  mailDir: string;
  tempDir: string;
  notifierApiKey: string;
  /** Keep the fetcher's default sources (ICE's index page, weekly) next to the inbox. */
  pollIce: boolean;
}

/**
 * Defaults that make the embedded mode run with no environment at all. Any of them can be overridden by an
 * environment variable of the same name; the variables the runner owns (database, schema, port) cannot.
 */
function defaultsFor(name: ServiceName, s: EmbeddedSettings, host: Env): Env {
  switch (name) {
    case 'report-fetcher':
      return {
        // No network needed: the inbox folder (and uploads) only, unless --poll-ice keeps the ICE index source.
        // The fetcher refuses both variables at once: a configuration file given by the host replaces this one.
        ...(host.REPORT_FETCHER_CONFIG_FILE
          ? {}
          : {
              REPORT_FETCHER_CONFIG: JSON.stringify({
                ...(s.pollIce ? {} : { sources: [] }),
                tempDir: s.tempDir,
                inboxSettleMs: 1000,
              }),
            }),
        REPORT_FETCHER_INBOX_DIR: s.inboxDir,
      };
    case 'notifier':
      return {
        NOTIFIER_API_KEY: s.notifierApiKey,
        NOTIFIER_BASE_URL: `http://${s.host}:${s.portBase + 4}`,
        // One local user: watches given on the command line (and through the API) need no confirmation email.
        NOTIFIER_REQUIRE_CONFIRMATION: 'false',
        MAIL_FROM: 'alerts@detainer-watch.localhost',
        MAIL_EML_DIR: s.mailDir,
      };
    default:
      return {};
  }
}

/** The environment one service reads: embedded defaults < the host's environment < what the runner owns. */
export function serviceEnv(service: EmbeddedService, s: EmbeddedSettings, host: Env = process.env): Env {
  return {
    HTTP_HOST: s.host,
    ...defaultsFor(service.name, s, host),
    ...host,
    DATABASE_URL: s.databaseUrl,
    DATABASE_SCHEMA: service.schema,
    HTTP_PORT: String(s.portBase + service.offset),
  };
}

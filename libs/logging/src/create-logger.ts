import pino, { DestinationStream, Logger } from 'pino';
import type { LogLevel } from '@detainer-watch/config';
import { currentEventContext } from './event-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  /** Where lines go; stdout by default (containers ship stdout). Tests pass a stream to read lines back. */
  destination?: DestinationStream;
}

// Personal data and secrets must never reach the log (watchers' emails, home addresses, credentials), wherever
// they sit in a logged object: at the top, one or two levels down, or in request headers.
const SENSITIVE_KEYS = ['email', 'address', 'password', 'authorization'];
export const REDACTED_PATHS = [
  ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  'req.headers.authorization',
  'req.headers.cookie',
];

/** JSON logger with the service name on every line and the current event's ids mixed in. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names rather than numbers: log queries and humans read "error", not 50.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => eventFields(),
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

function eventFields(): Record<string, string> {
  const ctx = currentEventContext();
  if (!ctx) return {};
  const fields: Record<string, string> = { eventId: ctx.eventId };
  if (ctx.reportId !== undefined) fields.reportId = ctx.reportId;
  if (ctx.subject !== undefined) fields.subject = ctx.subject;
  return fields;
}

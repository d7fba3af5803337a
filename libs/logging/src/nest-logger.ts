import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';

/** Probe and scrape endpoints hit every few seconds; logging each would drown the real requests. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * nestjs-pino `LoggerModule.forRoot(...)` options that reuse the service's own pino instance, so Nest's logs,
 * request logs and our logs share one stream, one redaction list and the event-context mixin. Request logs carry
 * method, path and status only: never bodies, headers or query strings (bodies hold watchers' emails, headers hold
 * credentials, query strings hold confirmation and unsubscribe tokens).
 */
export function nestLoggerParams(logger: Logger): Params {
  return {
    pinoHttp: {
      logger,
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(pathOf(req.url)) },
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          url: pathOf(req.url),
        }),
        res: (res: ServerResponse | { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

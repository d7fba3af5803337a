import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '@detainer-watch/logging';

/**
 * Routes TypeORM's messages into the service's pino logger. Query parameters are never logged: they hold
 * watchers' email addresses and report contents.
 */
export class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly pino: Logger) {}

  logQuery(query: string): void {
    this.pino.trace({ query }, 'sql query');
  }

  logQueryError(error: string | Error, query: string): void {
    this.pino.error({ err: error, query }, 'sql query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.pino.warn({ durationMs: time, query }, 'slow sql query');
  }

  logSchemaBuild(message: string): void {
    this.pino.info(message);
  }

  logMigration(message: string): void {
    this.pino.info({ component: 'migrations' }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pino.warn(String(message));
    else this.pino.info(String(message));
  }
}

import { Client, type ClientConfig } from 'pg';
import type { Logger } from '@detainer-watch/logging';

/**
 * The pool's connection class: a pg Client that always has an 'error' listener. The pool and TypeORM listen while
 * they hold a client, but a database restart can deliver an error when neither does (the server's "terminating
 * connection" after the pool has already dropped that client), and an 'error' event nobody listens to ends the
 * process. The pool and the code using the connection still see every error through their own listeners and
 * failing queries; this listener only keeps a late one from being fatal.
 */
export function guardedClientClass(logger: Logger): typeof Client {
  return class GuardedClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      this.on('error', (err) => logger.debug({ err }, 'database connection error (the pool replaces it)'));
    }
  };
}

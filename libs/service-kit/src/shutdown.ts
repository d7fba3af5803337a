import type { Logger } from '@detainer-watch/logging';

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

/**
 * Runs the steps in order within `timeoutMs`. A step that fails is logged and the next still runs (a broken bus
 * must not keep the database pool open); running out of time rejects naming the step that hung.
 */
export async function runShutdown(steps: ShutdownStep[], timeoutMs: number, log: Logger): Promise<void> {
  let current = 'starting';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`shutdown did not finish within ${timeoutMs} ms: stuck at "${current}"`)),
      timeoutMs,
    );
  });
  const work = (async () => {
    for (const step of steps) {
      current = step.name;
      try {
        await step.run();
      } catch (err) {
        log.error({ err, step: step.name }, 'shutdown step failed; continuing');
      }
    }
  })();
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Standalone services only: the first SIGTERM/SIGINT starts a graceful shutdown and exits 0 (1 when it failed or
 * timed out); a second signal exits at once. Embedded mode never calls this, because the host process owns signals.
 */
export function exitOnSignals(close: () => Promise<void>, log: Logger): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      log.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down');
    close().then(
      () => process.exit(0),
      (err: Error) => {
        log.error({ err }, 'graceful shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

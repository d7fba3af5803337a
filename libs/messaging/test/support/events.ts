import { createEvent, Subjects, type EventOf } from '@detainer-watch/contracts';
import pino, { type Logger } from 'pino';

/** A valid `report.fetch_failed` event; the subject with the smallest payload. */
export function fetchFailed(id: string, n = 1): EventOf<typeof Subjects.ReportFetchFailed> {
  return createEvent(Subjects.ReportFetchFailed, {
    id,
    source: 'messaging-test',
    data: {
      schemaVersion: 1,
      sourceId: 'ice-ddor-index',
      url: null,
      status: 'failing',
      reason: `attempt ${n} timed out`,
      consecutiveFailures: n,
      lastSuccessAt: null,
      at: new Date().toISOString(),
    },
  });
}

export interface CapturedLogs {
  logger: Logger;
  lines: Record<string, unknown>[];
}

/** A real pino logger whose JSON lines are kept for assertions. */
export function captureLogs(): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

import { AsyncLocalStorage } from 'node:async_hooks';

/** The ids that tie a log line to the event being handled, so one report can be followed across services. */
export interface EventContext {
  eventId: string;
  reportId?: string;
  subject?: string;
}

const storage = new AsyncLocalStorage<EventContext>();

/**
 * Runs `fn` with the event's ids attached to everything it logs, including code it calls asynchronously,
 * without threading a logger through every function.
 */
export function runWithEventContext<T>(context: EventContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentEventContext(): EventContext | undefined {
  return storage.getStore();
}

import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { runWithEventContext, type EventContext } from '@detainer-watch/logging';

/**
 * Runs every message handler inside the event's logging context, so each log line it writes (through any logger
 * built by createLogger) carries the eventId and reportId without the handler passing them around.
 */
@Injectable()
export class EventContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const eventContext = eventContextOf(context.switchToRpc().getData(), context.switchToRpc().getContext());
    if (!eventContext) return next.handle();
    // Both the handler call (deferred by Nest until subscription) and the subscription happen inside the context.
    return new Observable((subscriber) =>
      runWithEventContext(eventContext, () => next.handle().subscribe(subscriber)),
    );
  }
}

function eventContextOf(data: unknown, rpcContext: unknown): EventContext | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { id, reportid } = data as { id?: unknown; reportid?: unknown };
  if (typeof id !== 'string') return undefined;
  const subject = (rpcContext as { subject?: unknown } | undefined)?.subject;
  return {
    eventId: id,
    ...(typeof reportid === 'string' ? { reportId: reportid } : {}),
    ...(typeof subject === 'string' ? { subject } : {}),
  };
}

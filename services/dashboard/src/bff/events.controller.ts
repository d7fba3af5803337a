import { type BeforeApplicationShutdown, Controller, Inject, type MessageEvent, Sse } from '@nestjs/common';
import { concat, from, interval, map, merge, Observable, Subject, takeUntil } from 'rxjs';
import { ProgressTracker, type ProgressMessage } from '../progress/progress-tracker';

/**
 * Live pipeline progress for the browser (server-sent events): a snapshot of what the tracker knows, then every
 * change as it happens, and a heartbeat message every 25 s so proxies keep the connection open.
 */
@Controller('api')
export class EventsController implements BeforeApplicationShutdown {
  /** Ends every open stream at shutdown, so closing the HTTP server does not wait for browsers to leave. */
  private readonly closing = new Subject<void>();

  constructor(@Inject(ProgressTracker) private readonly tracker: ProgressTracker) {}

  @Sse('events')
  events(): Observable<MessageEvent> {
    const snapshot = from(
      this.tracker
        .all()
        .reverse()
        .map((progress): ProgressMessage => ({ type: 'report', progress })),
    );
    const live = new Observable<ProgressMessage>((sub) => this.tracker.subscribe((m) => sub.next(m)));
    const heartbeat = interval(25_000).pipe(map(() => ({ type: 'heartbeat' }) as const));
    return merge(concat(snapshot, live), heartbeat).pipe(
      map((data) => ({ data })),
      takeUntil(this.closing),
    );
  }

  beforeApplicationShutdown() {
    this.closing.next();
    this.closing.complete();
  }
}

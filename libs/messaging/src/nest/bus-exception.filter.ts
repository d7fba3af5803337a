import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default microservice filter replaces any error that is not an RpcException with
 * `{ status: 'error', message: 'Internal server error' }`. Retries still work without this filter, but the dead
 * letter would not say what went wrong; installed with `app.useGlobalFilters(new BusExceptionFilter())`, it passes
 * the handler's own error through to the bus.
 */
@Catch()
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

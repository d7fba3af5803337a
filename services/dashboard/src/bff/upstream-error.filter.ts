import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { UpstreamUnavailableError } from '../upstream/upstream.client';

/** A pipeline service that did not answer: 504 on timeout, 502 otherwise, naming the service. */
@Catch(UpstreamUnavailableError)
export class UpstreamErrorFilter implements ExceptionFilter {
  catch(err: UpstreamUnavailableError, host: ArgumentsHost) {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(err.kind === 'timeout' ? 504 : 502)
      .json({ error: 'upstream_unavailable', upstream: err.upstream, message: err.message });
  }
}

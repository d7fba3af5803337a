import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { InvalidRequestError, NotFoundError } from '../errors';

/** The use cases' errors as HTTP answers that name the problem. */
@Catch(InvalidRequestError, NotFoundError)
export class RequestErrorFilter implements ExceptionFilter {
  catch(err: InvalidRequestError | NotFoundError, host: ArgumentsHost): void {
    const status = err instanceof NotFoundError ? 404 : 400;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({
        statusCode: status,
        error: status === 404 ? 'Not Found' : 'Bad Request',
        message: err.message,
      });
  }
}

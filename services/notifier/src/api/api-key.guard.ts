import { timingSafeEqual, createHash } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import type { NotifierRuntime } from '../runtime';
import { NOTIFIER_RUNTIME } from './tokens';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Management endpoints: the key from NOTIFIER_API_KEY in `x-api-key` or `Authorization: Bearer <key>`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(NOTIFIER_RUNTIME) runtime: NotifierRuntime) {
    this.expected = digest(runtime.settings.apiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers['x-api-key'];
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const given = typeof header === 'string' && header !== '' ? header : bearer;
    if (!given) {
      throw new UnauthorizedException({
        error: 'unauthorized',
        message:
          'this endpoint needs the API key: send it in the x-api-key header or as Authorization: Bearer <key>',
      });
    }
    // Comparing digests keeps the comparison constant-time whatever the length of what was sent.
    if (!timingSafeEqual(digest(given), this.expected)) {
      throw new UnauthorizedException({ error: 'unauthorized', message: 'the API key is not valid' });
    }
    return true;
  }
}

import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RpcSubjects, type ResolveReply } from '@detainer-watch/contracts';
import { BusExceptionFilter } from '@detainer-watch/messaging';
import type { JurisdictionDirectory } from '../gazetteer/jurisdiction-directory';
import { DIRECTORY } from '../tokens';
import { resolveJurisdiction } from '../usecases/resolve-jurisdiction/resolve-jurisdiction';

/**
 * Serves rpc.jurisdiction.resolve. A request that breaks the ResolveRequest contract gets an error reply naming the
 * field: BusExceptionFilter hands the error to the bus (`{ ok: false, error }`) instead of Nest's generic
 * "Internal server error".
 */
@Controller()
@UseFilters(new BusExceptionFilter())
export class ResolveRpcController {
  constructor(@Inject(DIRECTORY) private readonly directory: JurisdictionDirectory) {}

  @MessagePattern(RpcSubjects.ResolveJurisdiction)
  resolve(@Payload() request: unknown): ResolveReply {
    return resolveJurisdiction(this.directory.resolver, request);
  }
}

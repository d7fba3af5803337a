import { RpcSubjects, ResolveReply, type ResolveRequest } from '@detainer-watch/contracts';
import type { RpcClient } from '@detainer-watch/messaging';

/** The jurisdiction classifier could not answer (not running, timed out, failed): the question can be asked later. */
export class ClassifierUnavailable extends Error {
  constructor(cause: unknown) {
    super(`jurisdiction classifier unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'ClassifierUnavailable';
  }
}

export interface ClassifierClient {
  /** Throws ClassifierUnavailable when no answer came. */
  resolve(request: ResolveRequest): Promise<ResolveReply>;
}

/** Asks the jurisdiction classifier over the bus's request/reply (RpcSubjects.ResolveJurisdiction). */
export class RpcClassifierClient implements ClassifierClient {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeoutMs: number,
  ) {}

  async resolve(request: ResolveRequest): Promise<ResolveReply> {
    let reply: unknown;
    try {
      reply = await this.rpc.request<ResolveRequest, unknown>(RpcSubjects.ResolveJurisdiction, request, {
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      throw new ClassifierUnavailable(err);
    }
    const parsed = ResolveReply.safeParse(reply);
    if (!parsed.success) {
      throw new ClassifierUnavailable(
        new Error(
          `reply to "${request.q}" breaks the ResolveReply contract: ${parsed.error.issues[0]?.message}`,
        ),
      );
    }
    return parsed.data;
  }
}

import {
  ResolveReply,
  ResolveRequest,
  RpcSubjects,
  type ResolutionCandidate,
} from '@detainer-watch/contracts';
import type { RpcClient } from '@detainer-watch/messaging';

/** Resolves what a user typed (a name, an entity id or a FIPS code) to a jurisdiction. */
export interface JurisdictionLookup {
  resolve(request: ResolveRequest): Promise<ResolveReply>;
}

/** The resolver could not be asked (no classifier listening, timeout): the request may be tried again later. */
export class ResolverUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the jurisdiction resolver did not answer: ${(cause as Error).message ?? String(cause)}`, {
      cause,
    });
    this.name = 'ResolverUnavailableError';
  }
}

/** Asks the jurisdiction-classifier over the bus (RpcSubjects.ResolveJurisdiction); its reply is checked here. */
export class RpcJurisdictionLookup implements JurisdictionLookup {
  constructor(
    private readonly rpc: RpcClient,
    private readonly timeoutMs = 5000,
  ) {}

  async resolve(request: ResolveRequest): Promise<ResolveReply> {
    let reply: unknown;
    try {
      reply = await this.rpc.request(RpcSubjects.ResolveJurisdiction, ResolveRequest.parse(request), {
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      throw new ResolverUnavailableError(err);
    }
    const parsed = ResolveReply.safeParse(reply);
    if (!parsed.success) {
      throw new ResolverUnavailableError(
        new Error(`reply breaks the ResolveReply contract: ${parsed.error.issues[0]?.message ?? ''}`),
      );
    }
    return parsed.data;
  }
}

/** A candidate below this confidence is offered back to the user rather than watched. */
export const WATCH_MIN_CONFIDENCE = 0.9;

export type Resolution =
  | { ok: true; jurisdiction: ResolutionCandidate }
  | { ok: false; reason: string; candidates: ResolutionCandidate[] };

export function watchableResolution(reply: ResolveReply): Resolution {
  if (reply.resolved && reply.resolved.confidence >= WATCH_MIN_CONFIDENCE) {
    return { ok: true, jurisdiction: reply.resolved };
  }
  const candidates = reply.resolved ? [reply.resolved, ...reply.candidates] : reply.candidates;
  const unique = [...new Map(candidates.map((c) => [c.id, c])).values()];
  return {
    ok: false,
    reason:
      reply.reason ??
      (reply.resolved
        ? `"${reply.q}" matched ${reply.resolved.id} with confidence ${reply.resolved.confidence} only`
        : `"${reply.q}" matched no jurisdiction`),
    candidates: unique,
  };
}

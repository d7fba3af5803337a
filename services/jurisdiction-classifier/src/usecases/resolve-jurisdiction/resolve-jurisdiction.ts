import { z } from 'zod';
import { ResolveReply, ResolveRequest } from '@detainer-watch/contracts';
import type { Resolver } from '@detainer-watch/jurisdictions';
import { parseRequest } from '../../errors';

/** HTTP form of ResolveRequest: the state may come in lower case. */
const ResolveQuery = z.object({
  q: z.unknown(),
  state: z.preprocess(
    (v) => (typeof v === 'string' && v !== '' ? v.trim().toUpperCase() : undefined),
    z.unknown(),
  ),
});

/**
 * Resolves a name ("Hartford, CT"), an entity id or a FIPS code the way a watcher or another service means it.
 * Throws InvalidRequestError naming the field for a request that breaks the ResolveRequest contract.
 */
export function resolveJurisdiction(resolver: Resolver, input: unknown): ResolveReply {
  const req = parseRequest(ResolveRequest, 'resolve request', input);
  const result = resolver.resolve(req.q, { state: req.state, section: 'user' });
  return ResolveReply.parse({
    q: req.q,
    resolved: result.resolved,
    candidates: result.candidates,
    reason: result.reason,
  });
}

/** The same look-up from an HTTP query string (`?q=...&state=ct`). */
export function resolveFromQuery(resolver: Resolver, query: unknown): ResolveReply {
  const normalized = ResolveQuery.safeParse(query ?? {});
  const input = normalized.success ? normalized.data : query;
  return resolveJurisdiction(resolver, input);
}

import { Writable } from 'node:stream';
import { type ResolveReply, type ResolveRequest, RpcSubjects } from '@detainer-watch/contracts';
import { GazetteerFileLoader, createResolver } from '@detainer-watch/jurisdictions';
import { createLogger, type Logger } from '@detainer-watch/logging';
import type { RpcServer, Subscription } from '@detainer-watch/messaging';

/**
 * Serves RpcSubjects.ResolveJurisdiction with the real resolver over the shipped gazetteer, as the
 * jurisdiction-classifier does, so POST /watches is tested against real resolution.
 */
export async function serveResolver(rpc: RpcServer): Promise<Subscription> {
  const loader = new GazetteerFileLoader();
  const resolver = createResolver(loader.loadGazetteer(), { facilityAliases: loader.loadFacilityAliases() });
  return rpc.serve<ResolveRequest, ResolveReply>(RpcSubjects.ResolveJurisdiction, async (req) => {
    const r = resolver.resolve(req.q, { section: 'user', ...(req.state ? { state: req.state } : {}) });
    return { q: r.q, resolved: r.resolved, candidates: r.candidates, reason: r.reason };
  });
}

/** A logger whose lines are kept, so a test can check what was (not) logged. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return { logger: createLogger({ service: 'notifier', level: 'debug', destination }), lines };
}

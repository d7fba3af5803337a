import { describeError } from './dead-letter';

export const DEFAULT_RPC_TIMEOUT_MS = 5000;

/**
 * Request/reply framing. A handler error travels back as `{ ok: false }` so the caller gets the server's reason at
 * once instead of waiting for a timeout.
 */
export type RpcReply = { ok: true; result: unknown } | { ok: false; error: string };

export class RpcError extends Error {
  constructor(
    readonly subject: string,
    readonly remoteError: string,
  ) {
    super(`rpc ${subject} failed on the server: ${remoteError}`);
    this.name = 'RpcError';
  }
}

export async function runRpcHandler<Req, Rep>(
  handler: (request: Req) => Promise<Rep>,
  request: Req,
): Promise<RpcReply> {
  try {
    return { ok: true, result: await handler(request) };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

export function unwrapRpcReply<Rep>(subject: string, body: string): Rep {
  let reply: RpcReply;
  try {
    reply = JSON.parse(body) as RpcReply;
  } catch (err) {
    throw new Error(`rpc ${subject}: reply is not JSON: ${(err as Error).message}`);
  }
  if (typeof reply !== 'object' || reply === null || typeof reply.ok !== 'boolean') {
    throw new Error(`rpc ${subject}: reply lacks the { ok } frame: ${body.slice(0, 200)}`);
  }
  if (!reply.ok) throw new RpcError(subject, reply.error);
  return reply.result as Rep;
}

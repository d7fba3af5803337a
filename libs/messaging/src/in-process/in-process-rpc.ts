import type { RpcSubject } from '@detainer-watch/contracts';
import type { Subscription } from '../ports';
import { DEFAULT_RPC_TIMEOUT_MS, runRpcHandler, unwrapRpcReply } from '../rpc-wire';

type Handler = (request: unknown) => Promise<unknown>;

/**
 * Request/reply inside one process. Requests and replies go through JSON like on the wire, so a handler never
 * shares objects with its caller and a value that would not survive NATS fails here too.
 */
export class InProcessRpc {
  private readonly servers = new Map<string, Handler[]>();
  private readonly turn = new Map<string, number>();

  async request<Req, Rep>(subject: RpcSubject, request: Req, opts?: { timeoutMs?: number }): Promise<Rep> {
    const handlers = this.servers.get(subject);
    if (!handlers || handlers.length === 0) throw new Error(`rpc ${subject}: no server is listening`);
    const i = (this.turn.get(subject) ?? 0) % handlers.length;
    this.turn.set(subject, i + 1);
    const timeout = opts?.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`rpc ${subject}: no reply within ${timeout} ms`)), timeout);
    });
    try {
      const reply = await Promise.race([
        runRpcHandler(handlers[i], structuredCloneViaJson(request)),
        expired,
      ]);
      return unwrapRpcReply<Rep>(subject, JSON.stringify(reply));
    } finally {
      clearTimeout(timer);
    }
  }

  serve<Req, Rep>(subject: RpcSubject, handler: (request: Req) => Promise<Rep>): Subscription {
    const h = handler as Handler;
    const list = this.servers.get(subject) ?? [];
    list.push(h);
    this.servers.set(subject, list);
    return {
      drain: async () => {
        const current = this.servers.get(subject) ?? [];
        current.splice(current.indexOf(h), 1);
      },
    };
  }
}

/** What the receiving side of the wire would see; `undefined` has no JSON form and travels as null. */
const structuredCloneViaJson = (value: unknown): unknown =>
  value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);

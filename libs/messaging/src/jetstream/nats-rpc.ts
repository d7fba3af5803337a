import { ErrorCode, NatsError, type Msg, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { RpcSubject } from '@detainer-watch/contracts';
import { encodeJson } from '../decode';
import type { RpcClient, RpcServer, Subscription } from '../ports';
import { DEFAULT_RPC_TIMEOUT_MS, runRpcHandler, unwrapRpcReply } from '../rpc-wire';

/**
 * Request/reply over core NATS. Servers join a queue group named after the subject, so replicas of a service
 * share requests instead of all answering.
 */
export class NatsRpc implements RpcClient, RpcServer {
  constructor(
    private readonly nc: NatsConnection,
    private readonly wireSubject: (s: string) => string,
    private readonly logger: Logger,
  ) {}

  async request<Req, Rep>(subject: RpcSubject, request: Req, opts?: { timeoutMs?: number }): Promise<Rep> {
    const timeout = opts?.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    try {
      const reply = await this.nc.request(this.wireSubject(subject), encodeJson(request), { timeout });
      return unwrapRpcReply<Rep>(subject, reply.string());
    } catch (err) {
      if (err instanceof NatsError && err.code === ErrorCode.Timeout) {
        throw new Error(`rpc ${subject}: no reply within ${timeout} ms`, { cause: err });
      }
      if (err instanceof NatsError && err.code === ErrorCode.NoResponders) {
        throw new Error(`rpc ${subject}: no server is listening`, { cause: err });
      }
      throw err;
    }
  }

  async serve<Req, Rep>(subject: RpcSubject, handler: (request: Req) => Promise<Rep>): Promise<Subscription> {
    const log = this.logger.child({ rpc: subject });
    // Requests are answered concurrently; drain waits for the ones in flight.
    const inFlight = new Set<Promise<void>>();
    const answer = async (msg: Msg): Promise<void> => {
      let request: Req;
      try {
        request = msg.json<Req>();
      } catch (err) {
        msg.respond(
          encodeJson({ ok: false, error: `request on ${subject} is not JSON: ${(err as Error).message}` }),
        );
        return;
      }
      const reply = await runRpcHandler(handler, request);
      if (!reply.ok) log.warn({ error: reply.error }, 'rpc handler failed; error sent to the caller');
      if (!msg.respond(encodeJson(reply))) log.warn('rpc request had no reply subject; answer dropped');
    };
    const sub = this.nc.subscribe(this.wireSubject(subject), {
      queue: subject,
      callback: (err, msg) => {
        if (err) return log.error({ err }, 'rpc subscription failed');
        const p = answer(msg).finally(() => inFlight.delete(p));
        inFlight.add(p);
      },
    });
    return {
      drain: async () => {
        await sub.drain();
        await Promise.allSettled([...inFlight]);
      },
    };
  }
}

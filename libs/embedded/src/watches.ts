import { ResolveReply, RpcSubjects, type ResolveRequest } from '@detainer-watch/contracts';
import type { RpcClient } from '@detainer-watch/messaging';

export interface WatchRequest {
  /** As typed: "Hartford, CT", an entity id or a FIPS code. */
  jurisdiction: string;
  email: string;
}

export interface WatchOutcome {
  jurisdiction: string;
  watchId: string;
  /** The canonical name the notifier stored ("Hartford town, CT"). */
  watching: string;
  created: boolean;
}

/** A --watch the notifier refused (unknown or ambiguous name, bad address); the message says which and why. */
export class WatchRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchRejectedError';
  }
}

interface ListedWatch {
  id: string;
  email: string;
  status: string;
  jurisdiction: { id: string; name: string; state: string };
}

/**
 * Makes sure each requested watch exists, through the notifier's own API (POST /watches), so the same rules
 * apply as for any client. Idempotent across restarts: a watch of the same address on the same resolved
 * jurisdiction that is not unsubscribed is kept, not created again.
 */
export async function ensureWatches(
  requests: readonly WatchRequest[],
  deps: { notifierUrl: string; apiKey: string; rpc: RpcClient },
): Promise<WatchOutcome[]> {
  if (requests.length === 0) return [];
  const api = new NotifierApi(deps.notifierUrl, deps.apiKey);
  const existing = await api.listAll();
  const outcomes: WatchOutcome[] = [];
  for (const req of requests) {
    const resolved = await resolve(deps.rpc, { q: req.jurisdiction });
    const same = resolved
      ? existing.find(
          (w) =>
            w.status !== 'unsubscribed' &&
            w.jurisdiction.id === resolved &&
            w.email.toLowerCase() === req.email.toLowerCase(),
        )
      : undefined;
    if (same) {
      outcomes.push({
        jurisdiction: req.jurisdiction,
        watchId: same.id,
        watching: label(same),
        created: false,
      });
      continue;
    }
    // The resolved id when there is one (the same place the check above compared); otherwise the text as typed,
    // so the notifier's answer names the candidates.
    const created = await api.create({ email: req.email, jurisdiction: resolved ?? req.jurisdiction }, req);
    existing.push(created);
    outcomes.push({
      jurisdiction: req.jurisdiction,
      watchId: created.id,
      watching: label(created),
      created: true,
    });
  }
  return outcomes;
}

const label = (w: ListedWatch) => `${w.jurisdiction.name}, ${w.jurisdiction.state}`;

async function resolve(rpc: RpcClient, request: ResolveRequest): Promise<string | null> {
  const reply = ResolveReply.safeParse(
    await rpc.request(RpcSubjects.ResolveJurisdiction, request, { timeoutMs: 10_000 }),
  );
  return reply.success ? (reply.data.resolved?.id ?? null) : null;
}

class NotifierApi {
  constructor(
    private readonly base: string,
    private readonly apiKey: string,
  ) {}

  async listAll(): Promise<ListedWatch[]> {
    const all: ListedWatch[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = (await this.call('GET', `/watches?limit=500&offset=${offset}`)) as {
        watches: ListedWatch[];
        total: number;
      };
      all.push(...page.watches);
      if (page.watches.length === 0 || all.length >= page.total) return all;
    }
  }

  async create(body: { email: string; jurisdiction: string }, req: WatchRequest): Promise<ListedWatch> {
    try {
      return (await this.call('POST', '/watches', body)) as ListedWatch;
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500)
        throw new WatchRejectedError(`--watch "${req.jurisdiction}": ${err.detail}`);
      throw err;
    }
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'x-api-key': this.apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new ApiError(method, path, res.status, text);
    return JSON.parse(text) as unknown;
  }
}

class ApiError extends Error {
  readonly detail: string;

  constructor(
    method: string,
    path: string,
    readonly status: number,
    body: string,
  ) {
    const detail = describeProblem(body);
    super(`notifier ${method} ${path} answered ${status}: ${detail}`);
    this.detail = detail;
  }
}

/** The notifier's problem body in one line: its message, and the candidates it offers for an ambiguous name. */
function describeProblem(body: string): string {
  try {
    const p = JSON.parse(body) as {
      message?: string | string[];
      candidates?: { id: string; name: string; state: string }[];
    };
    const message = Array.isArray(p.message) ? p.message.join('; ') : (p.message ?? body);
    const candidates = p.candidates?.length
      ? `; candidates: ${p.candidates
          .slice(0, 5)
          .map((c) => `${c.name}, ${c.state} (${c.id})`)
          .join(' | ')}`
      : '';
    return message + candidates;
  } catch {
    return body.slice(0, 300);
  }
}

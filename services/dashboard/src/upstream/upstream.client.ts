/** The five pipeline services the dashboard reads from. */
export type Upstream =
  'report-fetcher' | 'pdf-extractor' | 'jurisdiction-classifier' | 'grant-exposure' | 'notifier';

export interface UpstreamResponse<T = unknown> {
  status: number;
  body: T;
}

/** Why an upstream call produced no answer (network, timeout, non-JSON); the BFF turns it into 502/504. */
export class UpstreamUnavailableError extends Error {
  override readonly name = 'UpstreamUnavailableError';
  constructor(
    readonly upstream: Upstream,
    readonly method: string,
    readonly path: string,
    readonly kind: 'timeout' | 'unreachable' | 'bad_response',
    detail: string,
  ) {
    super(`${upstream} did not answer ${method} ${path.split('?')[0]}: ${detail}`);
  }
}

export interface UpstreamRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  /** Sent as x-api-key; only the notifier's key, set from config, never from the browser. */
  apiKey?: string;
}

export interface UpstreamClient {
  /** Any HTTP status is returned as is; only a missing or unreadable answer throws UpstreamUnavailableError. */
  call<T = unknown>(upstream: Upstream, path: string, req?: UpstreamRequest): Promise<UpstreamResponse<T>>;
}

/**
 * The answer, or null when the upstream gave none (the error is added to `unavailable`): views that combine several
 * services show what the others answered instead of failing whole while one of them restarts.
 */
export async function answerOrNull<T>(
  call: Promise<UpstreamResponse<T>>,
  unavailable: UpstreamUnavailableError[],
): Promise<UpstreamResponse<T> | null> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof UpstreamUnavailableError)) throw err;
    unavailable.push(err);
    return null;
  }
}

export class FetchUpstreamClient implements UpstreamClient {
  constructor(
    private readonly baseUrls: Record<Upstream, string>,
    private readonly timeoutMs: number,
  ) {}

  async call<T>(upstream: Upstream, path: string, req: UpstreamRequest = {}): Promise<UpstreamResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (req.apiKey) headers['x-api-key'] = req.apiKey;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrls[upstream]}${path}`, {
        method: req.method ?? 'GET',
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const timeout = err instanceof Error && err.name === 'TimeoutError';
      throw new UpstreamUnavailableError(
        upstream,
        req.method ?? 'GET',
        path,
        timeout ? 'timeout' : 'unreachable',
        timeout ? `no answer within ${this.timeoutMs} ms` : causeOf(err),
      );
    }
    const text = await res.text();
    if (text === '') return { status: res.status, body: null as T };
    try {
      return { status: res.status, body: JSON.parse(text) as T };
    } catch {
      throw new UpstreamUnavailableError(
        upstream,
        req.method ?? 'GET',
        path,
        'bad_response',
        `HTTP ${res.status} with a non-JSON body`,
      );
    }
  }
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

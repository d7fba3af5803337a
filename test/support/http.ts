/** A JSON HTTP answer as tests look at it: status, headers, parsed body (or the text when it is not JSON). */
export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export type HttpInit = Omit<RequestInit, 'body'> & {
  /** Bytes (a Buffer too) or anything fetch takes. */
  body?: RequestInit['body'] | Uint8Array;
  timeoutMs?: number;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
};

/** fetch with a timeout that never throws on a 4xx/5xx; the body is parsed as JSON when it is JSON. */
export async function http<T = unknown>(url: string, init: HttpInit = {}): Promise<HttpAnswer<T>> {
  const { timeoutMs = 30_000, json, body, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const res = await fetch(url, {
    ...rest,
    headers,
    body:
      json !== undefined
        ? JSON.stringify(json)
        : body instanceof Uint8Array
          ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice()
          : body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** Throws with the status and body unless the answer is 2xx; returns the body. */
export async function httpOk<T = unknown>(url: string, init: HttpInit = {}): Promise<T> {
  const a = await http<T>(url, init);
  if (a.status < 200 || a.status > 299)
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${a.status}: ${a.text.slice(0, 1000)}`);
  return a.body;
}

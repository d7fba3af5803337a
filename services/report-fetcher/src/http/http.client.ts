import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Logger } from 'pino';
import { errorMessage, FetchError } from '../errors';
import { classifyContentType, mediaType } from '../validation/content-type';
import { htmlInsteadOfPdfMessage } from '../validation/html-title';
import { spoolPdf, type SpooledPdf } from '../validation/pdf-spool';
import { resolveAllowed, systemResolver, type ResolvedAddress, type Resolver } from './address-guard';
import { backoffDelay, delay, HostRateLimiter } from './host-rate-limiter';
import type { HttpPolicy } from './http-policy';

/** Validators remembered from the last download of a URL, sent back so an unchanged file costs a 304. */
export interface Conditional {
  etag: string | null;
  lastModified: string | null;
}

export type PdfDownload =
  | { status: 'not_modified'; url: string; finalUrl: string }
  | {
      status: 'downloaded';
      url: string;
      finalUrl: string;
      pdf: SpooledPdf;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    };

export interface FetchedPage {
  url: string;
  finalUrl: string;
  html: string;
}

/** The fetcher's only way onto the network. Every method throws FetchError with a readable reason. */
export interface HttpClient {
  /** Refuses (FetchError) a URL the policy would never fetch: bad scheme or a host off the allowlist. */
  checkUrl(url: string): URL;
  fetchPage(url: string): Promise<FetchedPage>;
  /** A validated PDF spooled to a temp file (the caller disposes it), or "not modified". */
  downloadPdf(url: string, conditional?: Conditional): Promise<PdfDownload>;
  /** Aborts every request in flight (they fail without retry) and refuses new ones: for shutdown. */
  close(): void;
}

export interface PoliteHttpClientDeps {
  resolver?: Resolver;
  limiter?: HostRateLimiter;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  spoolDir?: string;
  logger?: Pick<Logger, 'warn' | 'debug'>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HTML_HEAD_BYTES = 64 * 1024;

/** One attempt's abort switch: the reason of the timeout that fired, if one did. */
interface Attempt {
  controller: AbortController;
  timedOut: string | null;
}

/**
 * HTTP client that behaves like a considerate crawler and a suspicious downloader: it names itself, spaces its
 * requests per host, retries only what may succeed later, follows redirects itself within the host allowlist,
 * connects only to the addresses it checked, and validates a PDF while it streams in.
 */
export class PoliteHttpClient implements HttpClient {
  private readonly resolver: Resolver;
  private readonly limiter: HostRateLimiter;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly allowedHosts: Set<string>;
  private readonly inFlight = new Set<Attempt>();
  private closed = false;

  constructor(
    private readonly policy: HttpPolicy,
    private readonly deps: PoliteHttpClientDeps = {},
  ) {
    this.resolver = deps.resolver ?? systemResolver;
    this.limiter = deps.limiter ?? new HostRateLimiter(policy.minIntervalPerHostMs);
    this.sleep = deps.sleep ?? delay;
    this.random = deps.random ?? Math.random;
    this.allowedHosts = new Set(policy.allowedHosts.map((h) => h.toLowerCase()));
  }

  checkUrl(url: string): URL {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new FetchError('bad_url', `"${url}" is not an absolute URL`, { url });
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new FetchError(
        'scheme_not_allowed',
        `${url}: only http and https are fetched, not ${u.protocol}`,
        {
          url,
        },
      );
    const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (!this.allowedHosts.has(host))
      throw new FetchError(
        'host_not_allowed',
        `${url}: host ${host} is not in the allowlist (${[...this.allowedHosts].join(', ')})`,
        { url },
      );
    return u;
  }

  close(): void {
    this.closed = true;
    for (const attempt of this.inFlight) this.abort(attempt, 'the fetcher is shutting down');
  }

  async fetchPage(url: string): Promise<FetchedPage> {
    return this.withRetries(url, (attempt) =>
      this.exchange(url, { accept: 'text/html,application/xhtml+xml' }, attempt, async (res, finalUrl) => {
        this.expectOk(res, finalUrl);
        const cls = classifyContentType(res.headers['content-type']);
        if (cls !== 'html' && cls !== 'missing')
          throw new FetchError(
            'bad_content_type',
            `${finalUrl} was expected to be an HTML page but is ${mediaType(res.headers['content-type'])}`,
            { url: finalUrl },
          );
        const body = await readAll(res, this.policy.maxPageBytes, finalUrl);
        return { url, finalUrl, html: body.toString('utf8') };
      }),
    );
  }

  async downloadPdf(
    url: string,
    conditional: Conditional = { etag: null, lastModified: null },
  ): Promise<PdfDownload> {
    const headers: OutgoingHttpHeaders = { accept: 'application/pdf,application/octet-stream;q=0.9' };
    if (conditional.etag) headers['if-none-match'] = conditional.etag;
    if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
    return this.withRetries(url, (attempt) =>
      this.exchange(url, headers, attempt, async (res, finalUrl): Promise<PdfDownload> => {
        if (res.statusCode === 304) {
          res.resume();
          return { status: 'not_modified', url, finalUrl };
        }
        this.expectOk(res, finalUrl);
        const contentType = res.headers['content-type'] ?? null;
        const cls = classifyContentType(contentType);
        if (cls === 'html') {
          const head = await readHead(res, HTML_HEAD_BYTES);
          throw new FetchError('html_instead_of_pdf', await htmlInsteadOfPdfMessage(finalUrl, head), {
            url: finalUrl,
          });
        }
        if (cls === 'other')
          throw new FetchError(
            'bad_content_type',
            `${finalUrl} is served as ${mediaType(contentType)}, expected application/pdf or application/octet-stream`,
            { url: finalUrl },
          );
        const announced = contentLength(res);
        if (announced !== null && announced > this.policy.maxPdfBytes)
          throw new FetchError(
            'too_large',
            `${finalUrl} announces ${announced} bytes, more than the ${this.policy.maxPdfBytes}-byte limit; not downloaded`,
            { url: finalUrl, bytesRead: 0 },
          );
        const pdf = await spoolPdf(res, {
          maxBytes: this.policy.maxPdfBytes,
          dir: this.deps.spoolDir,
          label: finalUrl,
          expectedBytes: announced,
        });
        return {
          status: 'downloaded',
          url,
          finalUrl,
          pdf,
          contentType,
          etag: header(res, 'etag'),
          lastModified: header(res, 'last-modified'),
        };
      }),
    );
  }

  private expectOk(res: IncomingMessage, url: string): void {
    const status = res.statusCode ?? 0;
    if (status === 200) return;
    res.resume();
    const text = `${url} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`;
    throw new FetchError('http_status', text, { url, status, retryable: status >= 500 });
  }

  private async withRetries<T>(url: string, run: (attempt: Attempt) => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      if (this.closed)
        throw new FetchError('shutdown', `${url}: not fetched, the fetcher is shutting down`, { url });
      const attempt: Attempt = { controller: new AbortController(), timedOut: null };
      this.inFlight.add(attempt);
      const total = setTimeout(
        () =>
          this.abort(attempt, `${url}: not complete within ${this.policy.totalTimeoutMs} ms (total timeout)`),
        this.policy.totalTimeoutMs,
      );
      try {
        return await run(attempt);
      } catch (e) {
        const err = this.classify(e, attempt, url);
        if (this.closed)
          throw new FetchError('shutdown', `${url}: interrupted, the fetcher is shutting down`, { url });
        if (!err.retryable || n >= this.policy.retries) {
          if (n === 0) throw err;
          throw new FetchError(err.code, `${err.message} (gave up after ${n + 1} attempts)`, {
            ...err.details,
            retryable: err.retryable,
          });
        }
        const wait = backoffDelay(n, this.policy.retryBaseDelayMs, this.policy.retryMaxDelayMs, this.random);
        this.deps.logger?.warn(
          { url, attempt: n + 1, retryInMs: wait, reason: err.message },
          'fetch attempt failed',
        );
        await this.sleep(wait);
      } finally {
        this.inFlight.delete(attempt);
        clearTimeout(total);
        attempt.controller.abort();
      }
    }
  }

  private abort(attempt: Attempt, reason: string): void {
    attempt.timedOut ??= reason;
    attempt.controller.abort();
  }

  private classify(e: unknown, attempt: Attempt, url: string): FetchError {
    if (attempt.timedOut !== null) return new FetchError('timeout', attempt.timedOut, { url });
    if (e instanceof FetchError) return e;
    const code = (e as NodeJS.ErrnoException).code;
    return new FetchError(
      'network',
      `network error fetching ${url}: ${code ? `${code} ` : ''}${errorMessage(e)}`,
      {
        url,
      },
    );
  }

  /** Sends the request, following redirects within the allowlist, and hands the final response to `consume`. */
  private async exchange<T>(
    url: string,
    headers: OutgoingHttpHeaders,
    attempt: Attempt,
    consume: (res: IncomingMessage, finalUrl: string) => Promise<T>,
  ): Promise<T> {
    let current = this.checkUrl(url);
    for (let hops = 0; ; hops++) {
      const res = await this.send(current, headers, attempt);
      const status = res.statusCode ?? 0;
      if (!REDIRECTS.has(status)) return consume(res, current.href);
      res.resume();
      const location = res.headers.location;
      if (!location)
        throw new FetchError('http_status', `${current.href} answered ${status} without a Location header`, {
          url: current.href,
          status,
        });
      if (hops >= this.policy.maxRedirects)
        throw new FetchError(
          'too_many_redirects',
          `${url}: more than ${this.policy.maxRedirects} redirects`,
          { url },
        );
      const next = new URL(location, current);
      if (current.protocol === 'https:' && next.protocol === 'http:')
        throw new FetchError(
          'scheme_not_allowed',
          `${current.href} redirects from https down to ${next.href}`,
          {
            url,
          },
        );
      try {
        current = this.checkUrl(next.href);
      } catch (e) {
        throw new FetchError(
          (e as FetchError).code,
          `redirect refused: ${current.href} -> ${(e as Error).message}`,
          {
            url,
            retryable: false,
          },
        );
      }
    }
  }

  private async send(url: URL, headers: OutgoingHttpHeaders, attempt: Attempt): Promise<IncomingMessage> {
    const addresses = await resolveAllowed(url.hostname, this.policy.allowedPrivateAddresses, this.resolver);
    await this.limiter.acquire(url.hostname);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, {
        method: 'GET',
        headers: { 'user-agent': this.policy.userAgent, ...headers },
        agent: false,
        lookup: pinnedLookup(addresses),
        signal: attempt.controller.signal,
      });
      const headersTimer = setTimeout(
        () =>
          this.abort(attempt, `${url.href}: no response headers within ${this.policy.headersTimeoutMs} ms`),
        this.policy.headersTimeoutMs,
      );
      req.once('socket', (socket) => {
        const connectTimer = setTimeout(
          () =>
            this.abort(attempt, `${url.href}: could not connect within ${this.policy.connectTimeoutMs} ms`),
          this.policy.connectTimeoutMs,
        );
        const connected = () => clearTimeout(connectTimer);
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
        socket.once('close', connected);
      });
      req.once('response', (res) => {
        clearTimeout(headersTimer);
        resolve(res);
      });
      req.once('error', (e) => {
        clearTimeout(headersTimer);
        reject(e);
      });
      req.once('close', () => clearTimeout(headersTimer));
      req.end();
    });
  }
}

/** Makes the connection use exactly the addresses that were checked, never a fresh DNS answer. */
const pinnedLookup =
  (addresses: ResolvedAddress[]): LookupFunction =>
  (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };

const header = (res: IncomingMessage, name: string): string | null => {
  const v = res.headers[name];
  return typeof v === 'string' && v !== '' ? v : null;
};

const contentLength = (res: IncomingMessage): number | null => {
  const v = header(res, 'content-length');
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
};

async function readAll(res: IncomingMessage, maxBytes: number, url: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of res) {
    n += (chunk as Buffer).length;
    if (n > maxBytes)
      throw new FetchError('too_large', `${url} is larger than the ${maxBytes}-byte page limit`, {
        url,
        bytesRead: n,
      });
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

async function readHead(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of res) {
    parts.push(chunk as Buffer);
    n += (chunk as Buffer).length;
    if (n >= maxBytes) break;
  }
  return Buffer.concat(parts);
}

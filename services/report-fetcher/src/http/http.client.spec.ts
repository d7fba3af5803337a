import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchError } from '../errors';
import { fakePdf, startLocalServer, type LocalServer } from '../testing/local-server';
import { HostRateLimiter } from './host-rate-limiter';
import { PoliteHttpClient } from './http.client';
import { httpPolicy, type HttpPolicy } from './http-policy';

const testPolicy = (over: Partial<HttpPolicy> = {}): HttpPolicy =>
  httpPolicy({
    allowedHosts: ['127.0.0.1'],
    allowedPrivateAddresses: ['127.0.0.1'],
    minIntervalPerHostMs: 0,
    retries: 2,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    headersTimeoutMs: 2_000,
    ...over,
  });

const failure = async (p: Promise<unknown>): Promise<FetchError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof FetchError) return e;
    throw e;
  }
  throw new Error('expected a FetchError, got success');
};

describe('PoliteHttpClient against a local server', () => {
  let server: LocalServer;
  let spoolDir: string;
  let client: PoliteHttpClient;
  const pdf = fakePdf('week 1');

  beforeEach(async () => {
    server = await startLocalServer();
    spoolDir = await mkdtemp(join(tmpdir(), 'rf-http-'));
    client = new PoliteHttpClient(testPolicy(), { spoolDir });
  });
  afterEach(async () => {
    await server.close();
    await rm(spoolDir, { recursive: true, force: true });
  });

  const spoolLeftovers = async () => (await readdir(spoolDir)).length;

  it('downloads a PDF to a temp file with its sha256, names itself, and sends validators back', async () => {
    server.route('/r.pdf', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, {
        'content-type': 'application/pdf',
        etag: '"v1"',
        'last-modified': 'Mon, 20 Mar 2017 00:00:00 GMT',
      });
      res.end(pdf);
    });
    const first = await client.downloadPdf(server.url('/r.pdf'));
    if (first.status !== 'downloaded') throw new Error('expected a download');
    expect(first.pdf.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(first.pdf.size).toBe(pdf.length);
    expect(await readFile(first.pdf.path)).toEqual(pdf);
    expect(first.etag).toBe('"v1"');
    expect(first.lastModified).toBe('Mon, 20 Mar 2017 00:00:00 GMT');
    await first.pdf.dispose();
    expect(await spoolLeftovers()).toBe(0);
    expect(server.requests[0].headers['user-agent']).toMatch(/detainer-watch.*\+https:\/\//);

    const second = await client.downloadPdf(server.url('/r.pdf'), {
      etag: first.etag,
      lastModified: first.lastModified,
    });
    expect(second.status).toBe('not_modified');
    expect(server.requests[1].headers['if-none-match']).toBe('"v1"');
    expect(server.requests[1].headers['if-modified-since']).toBe('Mon, 20 Mar 2017 00:00:00 GMT');
  });

  it('retries a 500 and then succeeds', async () => {
    let calls = 0;
    server.route('/r.pdf', (_req, res) => {
      if (++calls === 1) return void res.writeHead(500).end('boom');
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
    });
    const r = await client.downloadPdf(server.url('/r.pdf'));
    expect(r.status).toBe('downloaded');
    expect(calls).toBe(2);
    if (r.status === 'downloaded') await r.pdf.dispose();
  });

  it('gives up on a persistent 503 after 1 + retries attempts, saying so', async () => {
    server.route('/r.pdf', (_req, res) => void res.writeHead(503).end());
    const e = await failure(client.downloadPdf(server.url('/r.pdf')));
    expect(e.code).toBe('http_status');
    expect(e.message).toMatch(/answered HTTP 503.*gave up after 3 attempts/);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    const e = await failure(client.downloadPdf(server.url('/missing.pdf')));
    expect(e.code).toBe('http_status');
    expect(e.details.status).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  it('times out when the headers never come, and retries the timeout', async () => {
    server.route('/slow.pdf', () => undefined); // never answers
    client = new PoliteHttpClient(testPolicy({ headersTimeoutMs: 150, retries: 1 }), { spoolDir });
    const started = Date.now();
    const e = await failure(client.downloadPdf(server.url('/slow.pdf')));
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/no response headers within 150 ms.*gave up after 2 attempts/);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out a body that trickles in past the total timeout, leaving no temp file', async () => {
    server.route('/trickle.pdf', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.write(pdf.subarray(0, 100));
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    client = new PoliteHttpClient(testPolicy({ totalTimeoutMs: 300, retries: 0 }), { spoolDir });
    const e = await failure(client.downloadPdf(server.url('/trickle.pdf')));
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/not complete within 300 ms/);
    expect(await spoolLeftovers()).toBe(0);
  });

  it('refuses an HTML page served where a PDF was expected, naming its title', async () => {
    server.route('/r.pdf', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html><head><title>Page Not Found | ICE</title></head><body>gone</body></html>',
      );
    });
    const e = await failure(client.downloadPdf(server.url('/r.pdf')));
    expect(e.code).toBe('html_instead_of_pdf');
    expect(e.message).toBe(
      `HTML served where a PDF was expected at ${server.url('/r.pdf')} (page title: "Page Not Found | ICE")`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('recognises HTML behind an application/octet-stream label by its bytes', async () => {
    server.route('/r.pdf', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end('\n  <html><head><title>Access Denied</title></head></html>');
    });
    const e = await failure(client.downloadPdf(server.url('/r.pdf')));
    expect(e.code).toBe('html_instead_of_pdf');
    expect(e.message).toMatch(/page title: "Access Denied"/);
    expect(await spoolLeftovers()).toBe(0);
  });

  it('refuses bytes without the %PDF- magic and an unexpected content type', async () => {
    server.route(
      '/zip.pdf',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/pdf' }).end('PK\x03\x04zipzip'),
    );
    server.route(
      '/img.pdf',
      (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end('x'),
    );
    const zip = await failure(client.downloadPdf(server.url('/zip.pdf')));
    expect(zip.code).toBe('not_pdf');
    expect(zip.message).toMatch(/starts with "PK.*expected "%PDF-"/);
    const img = await failure(client.downloadPdf(server.url('/img.pdf')));
    expect(img.code).toBe('bad_content_type');
    expect(img.message).toMatch(/served as image\/png/);
  });

  it('cuts an oversized download off while streaming (no Content-Length), keeping bytes read near the limit', async () => {
    const limit = 256 * 1024;
    const offered = 32 * 1024 * 1024;
    let written = 0;
    server.route('/huge.pdf', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' }); // chunked: the size is not announced
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      chunk.write('%PDF-1.7\n');
      while (written < offered && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk))
          await new Promise<void>((resolve) => {
            const done = () => {
              res.off('drain', done).off('close', done);
              resolve();
            };
            res.on('drain', done).on('close', done);
          });
      }
      res.end();
    });
    client = new PoliteHttpClient(testPolicy({ maxPdfBytes: limit }), { spoolDir });
    const e = await failure(client.downloadPdf(server.url('/huge.pdf')));
    expect(e.code).toBe('too_large');
    expect(e.retryable).toBe(false);
    expect(e.details.bytesRead).toBeGreaterThan(limit);
    expect(e.details.bytesRead).toBeLessThanOrEqual(limit + 64 * 1024);
    expect(written).toBeLessThan(offered);
    expect(await spoolLeftovers()).toBe(0);
  });

  it('refuses an announced Content-Length over the limit without reading the body', async () => {
    server.route(
      '/big.pdf',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/pdf', 'content-length': 10_000 })
          .end(Buffer.alloc(10_000)),
    );
    client = new PoliteHttpClient(testPolicy({ maxPdfBytes: 5_000 }), { spoolDir });
    const e = await failure(client.downloadPdf(server.url('/big.pdf')));
    expect(e.code).toBe('too_large');
    expect(e.message).toMatch(/announces 10000 bytes, more than the 5000-byte limit/);
  });

  it('treats a download interrupted mid-stream as truncated and retryable, and leaves no temp file', async () => {
    server.route('/cut.pdf', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
      res.write(pdf.subarray(0, 1000), () => setTimeout(() => res.socket?.destroy(), 20));
    });
    client = new PoliteHttpClient(testPolicy({ retries: 1 }), { spoolDir });
    const e = await failure(client.downloadPdf(server.url('/cut.pdf')));
    expect(['network', 'truncated']).toContain(e.code);
    expect(e.retryable).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(await spoolLeftovers()).toBe(0);
  });

  it('follows a redirect within the allowlist and reports the final URL', async () => {
    server.route('/old.pdf', (_req, res) => void res.writeHead(301, { location: '/new.pdf' }).end());
    server.route(
      '/new.pdf',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf),
    );
    const r = await client.downloadPdf(server.url('/old.pdf'));
    expect(r.status).toBe('downloaded');
    expect(r.finalUrl).toBe(server.url('/new.pdf'));
    if (r.status === 'downloaded') await r.pdf.dispose();
  });

  it('refuses a redirect to a host outside the allowlist without contacting it', async () => {
    const other = await startLocalServer();
    try {
      const elsewhere = other.url('/r.pdf').replace('127.0.0.1', 'localhost');
      server.route('/r.pdf', (_req, res) => void res.writeHead(302, { location: elsewhere }).end());
      const e = await failure(client.downloadPdf(server.url('/r.pdf')));
      expect(e.code).toBe('host_not_allowed');
      expect(e.message).toMatch(/redirect refused: .* host localhost is not in the allowlist/);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('stops after maxRedirects', async () => {
    server.route('/loop.pdf', (_req, res) => void res.writeHead(302, { location: '/loop.pdf' }).end());
    const e = await failure(client.downloadPdf(server.url('/loop.pdf')));
    expect(e.code).toBe('too_many_redirects');
    expect(server.requests).toHaveLength(6);
  });

  it('refuses a private (loopback) address unless it is explicitly allowed', async () => {
    server.route(
      '/r.pdf',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf),
    );
    const strict = new PoliteHttpClient(testPolicy({ allowedPrivateAddresses: [] }), { spoolDir });
    const e = await failure(strict.downloadPdf(server.url('/r.pdf')));
    expect(e.code).toBe('address_not_allowed');
    expect(e.message).toMatch(/resolves to 127\.0\.0\.1, a loopback address/);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses schemes other than http(s) and hosts off the allowlist', async () => {
    expect((await failure(client.downloadPdf('file:///etc/passwd'))).code).toBe('scheme_not_allowed');
    expect((await failure(client.downloadPdf('https://example.org/r.pdf'))).code).toBe('host_not_allowed');
  });

  it('spaces requests to the same host by the configured interval', async () => {
    let served = 0;
    server.route('/p.pdf', (_req, res) => {
      served++;
      res.writeHead(304).end();
    });
    // When the client lets each request start: arrival times at the server add the loopback's jitter under load
    // (a CI run saw arrivals 181 ms apart for starts 200 ms apart). 10 ms of slack for timer and clock granularity.
    const starts: number[] = [];
    const limiter = new (class extends HostRateLimiter {
      override async acquire(host: string): Promise<void> {
        await super.acquire(host);
        starts.push(Date.now());
      }
    })(200);
    client = new PoliteHttpClient(testPolicy(), { spoolDir, limiter });
    await Promise.all(
      [1, 2, 3].map(() => client.downloadPdf(server.url('/p.pdf'), { etag: '"x"', lastModified: null })),
    );
    expect(served).toBe(3);
    expect(starts).toHaveLength(3);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(190);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(190);
  });

  it('fetches an index page as text and refuses a non-HTML one', async () => {
    server.route(
      '/',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<a href="x.pdf">x</a>'),
    );
    server.route(
      '/json',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
    expect((await client.fetchPage(server.url('/'))).html).toContain('x.pdf');
    expect((await failure(client.fetchPage(server.url('/json')))).message).toMatch(
      /expected to be an HTML page but is application\/json/,
    );
  });
});

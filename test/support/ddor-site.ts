import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './services';

/** A committed fixture of libs/ddor-fixtures: the PDF and what a perfect extractor returns for it. */
export interface Fixture {
  name: string;
  pdf: Buffer;
  truth: FixtureTruth;
}

/** The parts of libs/ddor-fixtures' Truth the tests compare with. */
export interface FixtureTruth {
  title: string;
  periodStart: string;
  periodEnd: string;
  pageCount: number;
  highestVolume: { jurisdiction: string; state: string }[];
  declined: { state: string; county: string; facility: string; page: number }[];
  policies: { jurisdiction: string; policy: string; criteria: string[]; page: number }[];
}

export const FIXTURES_DIR = join(repoRoot, 'libs', 'ddor-fixtures', 'fixtures');

/** Reads `libs/ddor-fixtures/fixtures/<name>.pdf` and its `.truth.json`, e.g. `week1-ice-letter-landscape`. */
export function loadFixture(name: string): Fixture {
  return {
    name,
    pdf: readFileSync(join(FIXTURES_DIR, `${name}.pdf`)),
    truth: JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.truth.json`), 'utf8')) as FixtureTruth,
  };
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

interface Published {
  path: string;
  title: string;
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: string;
}

/** Overrides the answer to one path: a status, a body, headers (fault tests: 500s, HTML instead of PDF...). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A stand-in for ICE's report index page on 127.0.0.1: `GET /ddor` lists links to the published PDFs, each served
 * with ETag / Last-Modified and honoring If-None-Match. Every request is recorded.
 */
export class DdorSite {
  readonly requests: { method: string; path: string; at: Date }[] = [];
  private readonly files = new Map<string, Published>();
  private readonly overrides = new Map<string, RouteHandler>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<DdorSite> {
    let site: DdorSite | null = null;
    const server = createServer((req, res) => site!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    site = new DdorSite(server, (server.address() as AddressInfo).port);
    return site;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The index page the fetcher's `index` source points at. */
  get indexUrl(): string {
    return `${this.baseUrl}/ddor`;
  }

  /** Adds a file linked from the index page; returns its absolute URL. */
  publish(fileName: string, body: Uint8Array, opts: { title?: string; contentType?: string } = {}): string {
    const path = `/files/${encodeURIComponent(fileName)}`;
    this.files.set(path, {
      path,
      title: opts.title ?? `Declined Detainer Outcome Report ${fileName}`,
      body: Buffer.from(body),
      contentType: opts.contentType ?? 'application/pdf',
      etag: `"${sha256Hex(body).slice(0, 16)}"`,
      lastModified: new Date().toUTCString(),
    });
    return `${this.baseUrl}${path}`;
  }

  unpublish(fileName: string): void {
    this.files.delete(`/files/${encodeURIComponent(fileName)}`);
  }

  /** Answers `path` (e.g. '/ddor' or '/files/x.pdf') with `handler` instead; null restores the normal answer. */
  override(path: string, handler: RouteHandler | null): void {
    if (handler) this.overrides.set(path, handler);
    else this.overrides.delete(path);
  }

  requestsFor(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    this.requests.push({ method: req.method ?? 'GET', path, at: new Date() });
    const override = this.overrides.get(path);
    if (override) return override(req, res);
    if (path === '/ddor' || path === '/ddor/') return this.index(res);
    const file = this.files.get(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, { etag: file.etag }).end();
      return;
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.body.length),
      etag: file.etag,
      'last-modified': file.lastModified,
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  private index(res: ServerResponse): void {
    const links = [...this.files.values()]
      .map((f) => `<li><a href="${f.path}">${escapeHtml(f.title)}</a></li>`)
      .join('\n');
    const html = `<!doctype html><html><head><title>Declined Detainer Outcome Report</title></head><body>
<h1>Declined Detainer Outcome Report</h1>
<ul>
${links}
</ul>
<p><a href="/about">About</a></p>
</body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

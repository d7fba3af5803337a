import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEvent, Subjects } from '@detainer-watch/contracts';
import { FetchError } from '../errors';
import { PoliteHttpClient } from '../http/http.client';
import { httpPolicy, type HttpPolicy } from '../http/http-policy';
import type { SourceConfig } from '../sources/source.config';
import { InMemoryBlobStore, InMemoryFetcherStore } from '../testing/in-memory-fetcher.store';
import { fakePdf, startLocalServer, type LocalServer } from '../testing/local-server';
import { CheckSource } from './check-source';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Serves `bytes()` at `path` with a strong ETag derived from the bytes, honouring If-None-Match. */
function servePdf(server: LocalServer, path: string, bytes: () => Buffer) {
  server.route(path, (req, res) => {
    const b = bytes();
    const etag = `"${sha(b).slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': b.length, etag }).end(b);
  });
}

describe('CheckSource against local servers', () => {
  let server: LocalServer;
  let work: string;
  let store: InMemoryFetcherStore;
  let blobs: InMemoryBlobStore;
  let policy: HttpPolicy;
  let checker: CheckSource;

  const build = (over: Partial<HttpPolicy> = {}, failureThreshold = 3) => {
    policy = httpPolicy({
      allowedHosts: ['127.0.0.1'],
      allowedPrivateAddresses: ['127.0.0.1'],
      minIntervalPerHostMs: 0,
      retries: 1,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 2,
      headersTimeoutMs: 2000,
      ...over,
    });
    checker = new CheckSource({
      http: new PoliteHttpClient(policy, { spoolDir: join(work, 'spool') }),
      blobs,
      reports: store,
      urls: store.urlRepository(),
      sources: store.sourceRepository(),
      commits: store,
      options: {
        failureThreshold,
        maxPdfBytes: policy.maxPdfBytes,
        spoolDir: join(work, 'spool'),
        inboxSettleMs: 0,
      },
      sleep: async () => undefined,
    });
  };

  beforeEach(async () => {
    server = await startLocalServer();
    work = await mkdtemp(join(tmpdir(), 'rf-check-'));
    store = new InMemoryFetcherStore();
    blobs = new InMemoryBlobStore();
    build();
  });
  afterEach(async () => {
    await server.close();
    await rm(work, { recursive: true, force: true });
  });

  const fetched = () =>
    store.events(Subjects.ReportFetched).map((o) => parseEvent(Subjects.ReportFetched, o.event).data);
  const spoolLeftovers = async () => readdir(join(work, 'spool')).catch(() => []);

  it('discovers new, old and relative links on an index page; old ones cost a 304', async () => {
    const w1 = fakePdf('week 1');
    const w2 = fakePdf('week 2');
    const w3 = fakePdf('week 3');
    servePdf(server, '/doclib/ddor/w1.pdf', () => w1);
    servePdf(server, '/doclib/ddor/w2.pdf', () => w2);
    servePdf(server, '/doclib/ddor/w3.pdf', () => w3);
    let links = [
      `<a href="${server.url('/doclib/ddor/w1.pdf')}">Week 1</a>`,
      `<a href="ddor/w2.pdf">Week 2</a>`,
    ];
    server.route('/doclib/index', (_req, res) => {
      const html = `<html><body>${links.join('\n')}<a href="https://www.dhs.gov/x.pdf">DHS</a><a href="/about">About</a></body></html>`;
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    });
    const source: SourceConfig = {
      id: 'ice',
      kind: 'index',
      url: server.url('/doclib/index'),
      cron: '0 6 * * 1',
      enabled: true,
      timezone: 'UTC',
    };

    const first = await checker.check(source);
    expect(first.ok).toBe(true);
    expect(first.results.map((r) => [r.target, r.outcome])).toEqual([
      [server.url('/doclib/ddor/w1.pdf'), 'new_report'],
      [server.url('/doclib/ddor/w2.pdf'), 'new_report'],
      ['https://www.dhs.gov/x.pdf', 'skipped'],
    ]);
    expect(first.results[2].reason).toMatch(/host www\.dhs\.gov is not in the allowlist/);

    links = [...links, `<a href="/doclib/ddor/w3.pdf">Week 3</a>`];
    const second = await checker.check(source);
    expect(second.results.map((r) => r.outcome)).toEqual([
      'not_modified',
      'not_modified',
      'new_report',
      'skipped',
    ]);
    const w1Requests = server.requests.filter((r) => r.path === '/doclib/ddor/w1.pdf');
    expect(w1Requests[1].headers['if-none-match']).toBe(`"${sha(w1).slice(0, 16)}"`);

    const events = fetched();
    expect(events.map((e) => e.reportId)).toEqual([sha(w1), sha(w2), sha(w3)]);
    expect(events[1]).toMatchObject({
      objectKey: sha(w2),
      sizeBytes: w2.length,
      contentType: 'application/pdf',
      source: { id: 'ice', kind: 'index', url: server.url('/doclib/ddor/w2.pdf'), fileName: 'w2.pdf' },
      supersedes: null,
    });
    expect(Buffer.from((await blobs.get(sha(w3)))!)).toEqual(w3);
    expect(store.sourceStates.get('ice')).toMatchObject({ consecutiveFailures: 0, lastError: null });
    expect(await spoolLeftovers()).toEqual([]);
  });

  it('records the same PDF from two sources as one report', async () => {
    const pdf = fakePdf('same bytes');
    servePdf(server, '/a.pdf', () => pdf);
    servePdf(server, '/mirror/a-copy.pdf', () => pdf);
    const a = await checker.check({
      id: 'a',
      kind: 'url',
      url: server.url('/a.pdf'),
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    });
    const b = await checker.check({
      id: 'b',
      kind: 'url',
      url: server.url('/mirror/a-copy.pdf'),
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    });
    expect(a.results[0]).toMatchObject({ outcome: 'new_report', reportId: sha(pdf) });
    expect(b.results[0]).toMatchObject({ outcome: 'duplicate', reportId: sha(pdf) });
    expect(store.reports.size).toBe(1);
    expect(blobs.blobs.size).toBe(1);
    expect(fetched()).toHaveLength(1);
    expect(store.urlStates.get(server.url('/mirror/a-copy.pdf'))?.reportId).toBe(sha(pdf));
  });

  it('records a corrected report (new bytes at the same URL) as superseding the earlier one', async () => {
    let bytes = fakePdf('week 1 as first published');
    servePdf(server, '/w1.pdf', () => bytes);
    const source: SourceConfig = {
      id: 'w1',
      kind: 'url',
      url: server.url('/w1.pdf'),
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    };
    const original = sha(bytes);
    await checker.check(source);
    expect((await checker.check(source)).results[0].outcome).toBe('not_modified');
    bytes = fakePdf('week 1 corrected: Franklin County reattributed');
    const corrected = await checker.check(source);
    expect(corrected.results[0]).toMatchObject({
      outcome: 'new_report',
      reportId: sha(bytes),
      supersedes: original,
    });
    expect(fetched().map((e) => [e.reportId, e.supersedes])).toEqual([
      [original, null],
      [sha(bytes), original],
    ]);
  });

  it('refuses HTML served instead of the PDF with a clear reason and records nothing', async () => {
    server.route(
      '/w1.pdf',
      (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Maintenance</title>'),
    );
    const r = await checker.check({
      id: 'w1',
      kind: 'url',
      url: server.url('/w1.pdf'),
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    });
    expect(r.ok).toBe(false);
    expect(r.error).toBe(
      `HTML served where a PDF was expected at ${server.url('/w1.pdf')} (page title: "Maintenance")`,
    );
    expect(store.reports.size).toBe(0);
    expect(store.sourceStates.get('w1')).toMatchObject({ consecutiveFailures: 1, lastError: r.error });
  });

  it('leaves no half report when a download is cut mid-stream, and completes it on the next check', async () => {
    const pdf = fakePdf('week 2', 64 * 1024);
    let cut = true;
    server.route('/w2.pdf', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
      if (!cut) return void res.end(pdf);
      res.write(pdf.subarray(0, 10_000), () => setTimeout(() => res.socket?.destroy(), 10));
    });
    const source: SourceConfig = {
      id: 'w2',
      kind: 'url',
      url: server.url('/w2.pdf'),
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    };
    const broken = await checker.check(source);
    expect(broken.ok).toBe(false);
    expect(broken.error).toMatch(/gave up after 2 attempts/);
    expect(store.reports.size).toBe(0);
    expect(blobs.blobs.size).toBe(0);
    expect(store.urlStates.size).toBe(0);
    expect(fetched()).toHaveLength(0);
    expect(await spoolLeftovers()).toEqual([]);

    cut = false;
    const fixed = await checker.check(source);
    expect(fixed.results[0]).toMatchObject({ outcome: 'new_report', reportId: sha(pdf) });
    expect(Buffer.from((await blobs.get(sha(pdf)))!)).toEqual(pdf);
  });

  it('records nothing when the commit fails after the bytes were stored, and records them on the next check', async () => {
    const pdf = fakePdf('week 3');
    servePdf(server, '/w3.pdf', () => pdf);
    const source: SourceConfig = {
      id: 'w3',
      kind: 'url',
      url: server.url('/w3.pdf'),
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    };
    store.failNextCommit = new Error('database unavailable');
    const r = await checker.check(source);
    expect(r.error).toBe('database unavailable');
    expect(store.reports.size).toBe(0);
    expect((await checker.check(source)).results[0].outcome).toBe('new_report');
    expect(fetched()).toHaveLength(1);
  });

  it('publishes report.fetch_failed once after N failures and recovered on the next success', async () => {
    build({ retries: 0 }, 2);
    let healthy = false;
    const pdf = fakePdf('q2');
    server.route('/q2.pdf', (_req, res) => {
      if (!healthy) return void res.writeHead(502).end();
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
    });
    const source: SourceConfig = {
      id: 'q2',
      kind: 'url',
      url: server.url('/q2.pdf'),
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    };
    for (let i = 0; i < 3; i++) await checker.check(source);
    const failures = () =>
      store
        .events(Subjects.ReportFetchFailed)
        .map((o) => parseEvent(Subjects.ReportFetchFailed, o.event).data);
    expect(failures()).toHaveLength(1);
    expect(failures()[0]).toMatchObject({
      sourceId: 'q2',
      status: 'failing',
      consecutiveFailures: 2,
      url: source.url,
    });
    expect(failures()[0].reason).toMatch(/answered HTTP 502/);
    expect(store.sourceStates.get('q2')).toMatchObject({ consecutiveFailures: 3, lastSuccessAt: null });

    healthy = true;
    const ok = await checker.check(source);
    expect(ok.ok).toBe(true);
    expect(failures().map((f) => f.status)).toEqual(['failing', 'recovered']);
    expect(failures()[1].consecutiveFailures).toBe(3);
    expect(ok.state).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: expect.any(String) });
    expect(ok.state.lastError).toMatch(/502/);
  });

  it('fails an index check that finds no PDF link, naming the page', async () => {
    server.route(
      '/',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>moved</p>'),
    );
    const r = await checker.check({
      id: 'ice',
      kind: 'index',
      url: server.url('/'),
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    });
    expect(r.error).toBe(`no PDF links found on ${server.url('/')}; has the page changed?`);
  });

  it('picks up a file dropped in the inbox, moves it to processed/, and rejects a non-PDF with its reason', async () => {
    const inbox = join(work, 'inbox');
    await mkdir(inbox);
    const pdf = fakePdf('dropped by an analyst');
    await writeFile(join(inbox, 'ddor-week1.pdf'), pdf);
    await writeFile(join(inbox, 'notes.pdf'), '<html><title>Saved page</title></html>');
    const source: SourceConfig = {
      id: 'drop',
      kind: 'inbox',
      path: inbox,
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    };
    const r = await checker.check(source);
    expect(r.ok).toBe(true);
    expect(r.results.map((x) => [x.target, x.outcome]).sort()).toEqual([
      ['ddor-week1.pdf', 'new_report'],
      ['notes.pdf', 'rejected'],
    ]);
    expect(await readFile(join(inbox, 'processed', 'ddor-week1.pdf'))).toEqual(pdf);
    expect(await readFile(join(inbox, 'rejected', 'notes.pdf.reason.txt'), 'utf8')).toMatch(
      /HTML served where a PDF was expected at inbox file .*notes\.pdf \(page title: "Saved page"\)/,
    );
    expect((await readdir(inbox)).sort()).toEqual(['processed', 'rejected']);
    expect(fetched()[0]).toMatchObject({
      reportId: sha(pdf),
      source: { id: 'drop', kind: 'inbox', url: null, fileName: 'ddor-week1.pdf' },
    });

    // The same bytes dropped again are a duplicate, still moved aside.
    await writeFile(join(inbox, 'again.pdf'), pdf);
    expect((await checker.check(source)).results).toEqual([
      { target: 'again.pdf', outcome: 'duplicate', reportId: sha(pdf) },
    ]);
    expect(await readdir(join(inbox, 'processed'))).toHaveLength(2);
  });

  it('ingests an upload once and refuses a non-PDF upload with a reason', async () => {
    const pdf = fakePdf('uploaded');
    async function* body(b: Buffer) {
      yield b;
    }
    expect(await checker.ingestUpload(body(pdf), 'w1.pdf')).toEqual({
      reportId: sha(pdf),
      outcome: 'new_report',
    });
    expect(await checker.ingestUpload(body(pdf), 'w1 again.pdf')).toEqual({
      reportId: sha(pdf),
      outcome: 'duplicate',
    });
    expect(fetched()[0].source).toEqual({ id: 'upload', kind: 'upload', url: null, fileName: 'w1.pdf' });
    await expect(checker.ingestUpload(body(Buffer.from('hello')), 'x.pdf')).rejects.toThrow(FetchError);
  });

  it('joins a check of the same source that is already running', async () => {
    const pdf = fakePdf('once');
    servePdf(server, '/once.pdf', () => pdf);
    const source: SourceConfig = {
      id: 'once',
      kind: 'url',
      url: server.url('/once.pdf'),
      cron: '* * * * *',
      enabled: true,
      timezone: 'UTC',
    };
    const [a, b] = await Promise.all([checker.check(source), checker.check(source)]);
    expect(a).toBe(b);
    expect(server.requests).toHaveLength(1);
  });
});

import { Subjects } from '@detainer-watch/contracts';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetcherRuntime, uploadReport, type FetcherConfig } from '../src';
import { fakePdf, startLocalServer, type LocalServer } from '../src/testing/local-server';
import { sleep, waitFor, POLL } from '@detainer-watch/testing';
import { FetcherHarness } from './support/harness';

jest.setTimeout(60_000);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MAX_PDF_BYTES = 64 * 1024;
/** Cron runs never fire during the test (1 January, 00:00): every check is requested through the API. */
const NEVER = '0 0 1 1 *';

/** Serves `bytes()` with a strong ETag derived from the bytes, honouring If-None-Match. */
function servePdf(server: LocalServer, path: string, bytes: () => Buffer) {
  server.route(path, (req, res) => {
    const b = bytes();
    const etag = `"${sha(b).slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': b.length, etag }).end(b);
  });
}

describe('report-fetcher service (Postgres + JetStream + HTTP)', () => {
  const h = new FetcherHarness();
  let server: LocalServer;
  let work: string;
  let inbox: string;
  let spool: string;
  let env: Record<string, string>;
  let fetcher: FetcherConfig;

  beforeAll(async () => {
    await h.setUp();
    server = await startLocalServer();
    work = await mkdtemp(join(tmpdir(), 'rf-int-'));
    inbox = join(work, 'inbox');
    spool = join(work, 'spool');
    const url = (id: string, path: string) => ({ id, kind: 'url', url: server.url(path), cron: NEVER });
    // The service's own variables: JSON sources plus the single variables over it.
    env = {
      REPORT_FETCHER_CONFIG: JSON.stringify({
        sources: [
          { id: 'ice', kind: 'index', url: server.url('/ddor/index.html'), cron: NEVER },
          url('flaky', '/flaky.pdf'),
          url('slow', '/slow.pdf'),
          url('html', '/html.pdf'),
          url('big', '/big.pdf'),
          url('dup-a', '/a/same.pdf'),
          url('dup-b', '/b/same.pdf'),
          url('corr', '/corr.pdf'),
          url('down', '/down.pdf'),
          url('stall', '/stall.pdf'),
        ],
        http: {
          minIntervalPerHostMs: 0,
          retries: 1,
          retryBaseDelayMs: 1,
          retryMaxDelayMs: 2,
          headersTimeoutMs: 1000,
          totalTimeoutMs: 20_000, // also the age from which a leftover part file counts as stale
        },
        tempDir: spool,
        inboxSettleMs: 100,
      }),
      REPORT_FETCHER_ALLOWED_HOSTS: '127.0.0.1',
      REPORT_FETCHER_ALLOW_PRIVATE_ADDRESSES: '127.0.0.1',
      REPORT_FETCHER_MAX_PDF_BYTES: String(MAX_PDF_BYTES),
      REPORT_FETCHER_FAILURE_THRESHOLD: '2',
      REPORT_FETCHER_INBOX_DIR: inbox,
      REPORT_FETCHER_CONTACT: 'ops@example.org',
    };
    await h.startApp(env);
    fetcher = h.service!.app.get(FetcherRuntime).config;
  });

  afterAll(async () => {
    await h.tearDown();
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const check = (id: string) => h.api('POST', `/sources/${id}/check`);
  const fetchedFor = (reportId: string) => h.fetched().filter((d) => d.reportId === reportId);
  const spoolLeftovers = async () => readdir(spool).catch(() => [] as string[]);

  it('discovers new, old and relative links on an index page and publishes report.fetched once per report', async () => {
    const w1 = fakePdf('week 1');
    const w2 = fakePdf('week 2');
    const w3 = fakePdf('week 3');
    let week3 = false;
    server.route('/ddor/index.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body>
        <a href="${server.url('/ddor/w1.pdf')}">Week 1</a>
        <a href="w2.pdf">Week 2</a>
        ${week3 ? '<a href="/ddor/w3.pdf">Week 3</a>' : ''}
        <a href="https://elsewhere.example/w9.pdf">Mirror</a>
      </body></html>`);
    });
    servePdf(server, '/ddor/w1.pdf', () => w1);
    servePdf(server, '/ddor/w2.pdf', () => w2);
    servePdf(server, '/ddor/w3.pdf', () => w3);

    const first = await check('ice');
    expect(first.status).toBe(200);
    expect(first.body.ok).toBe(true);
    expect(first.body.results.map((r: { outcome: string }) => r.outcome).sort()).toEqual([
      'new_report',
      'new_report',
      'skipped',
    ]);
    expect(server.requests.find((r) => r.path === '/ddor/w1.pdf')?.headers['user-agent']).toMatch(
      /\(\+ops@example\.org\)$/,
    );

    week3 = true;
    const second = await check('ice');
    const outcomes = Object.fromEntries(
      second.body.results.map((r: { target: string; outcome: string }) => [r.target, r.outcome]),
    );
    expect(outcomes).toMatchObject({
      [server.url('/ddor/w1.pdf')]: 'not_modified',
      [server.url('/ddor/w2.pdf')]: 'not_modified',
      [server.url('/ddor/w3.pdf')]: 'new_report',
    });
    const w1Requests = server.requests.filter((r) => r.path === '/ddor/w1.pdf');
    expect(w1Requests[1].headers['if-none-match']).toBe(`"${sha(w1).slice(0, 16)}"`);

    const ids = [w1, w2, w3].map(sha);
    await h.waitForEvents(() => ids.every((id) => fetchedFor(id).length > 0), 'three report.fetched events');
    await sleep(500); // anything published twice would have arrived by now
    for (const [i, bytes] of [w1, w2, w3].entries()) {
      const events = h.events.filter(
        (e) => e.subject === Subjects.ReportFetched && e.event.subject === ids[i],
      );
      expect(events).toHaveLength(1);
      expect(events[0].event.id).toBe(`report.fetched:${ids[i]}`);
      const data = fetchedFor(ids[i])[0];
      expect(data).toMatchObject({
        objectKey: ids[i],
        sizeBytes: bytes.length,
        source: {
          id: 'ice',
          kind: 'index',
          url: server.url(`/ddor/w${i + 1}.pdf`),
          fileName: `w${i + 1}.pdf`,
        },
        supersedes: null,
      });
      // The bytes are in the object store under the key the event names.
      expect(Buffer.from((await h.bus.blobs.get(data.objectKey))!)).toEqual(bytes);
    }
  });

  it('retries a 500 and stores the PDF when the server recovers', async () => {
    const pdf = fakePdf('flaky');
    let calls = 0;
    server.route('/flaky.pdf', (_req, res) => {
      if (++calls === 1) return void res.writeHead(500).end('oops');
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
    });
    const r = await check('flaky');
    expect(r.body).toMatchObject({ ok: true, results: [{ outcome: 'new_report', reportId: sha(pdf) }] });
    expect(calls).toBe(2);
    await h.waitForEvents(() => fetchedFor(sha(pdf)).length === 1, 'report.fetched for the flaky PDF');
  });

  it('gives up on a server that never answers, with a timeout reason, and stores nothing', async () => {
    server.route('/slow.pdf', () => undefined);
    const before = await h.count('reports');
    const r = await check('slow');
    expect(r.body.ok).toBe(false);
    expect(r.body.results[0].outcome).toBe('failed');
    expect(r.body.error).toMatch(/no response headers within 1000 ms .*gave up after 2 attempts/);
    expect(await h.count('reports')).toBe(before);
  });

  it('refuses an HTML page served instead of the PDF, saying so', async () => {
    server.route('/html.pdf', (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><html><head><title>Access Denied</title></head><body>no</body></html>');
    });
    const before = await h.count('reports');
    const r = await check('html');
    expect(r.body.ok).toBe(false);
    expect(r.body.error).toMatch(/HTML/);
    expect(r.body.error).toContain('Access Denied');
    expect(await h.count('reports')).toBe(before);
  });

  it('cuts an oversized download while it streams and leaves nothing behind', async () => {
    const total = 1024 * 1024;
    let sent = 0;
    server.route('/big.pdf', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' }); // no Content-Length: only streaming can tell
      const chunk = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(16 * 1024 - 9, 0x20)]);
      while (sent < total && !res.destroyed) {
        res.write(sent === 0 ? chunk : Buffer.alloc(16 * 1024, 0x20));
        sent += 16 * 1024;
        await sleep(5);
      }
      res.end();
    });
    const before = await h.count('reports');
    const r = await check('big');
    expect(r.body.ok).toBe(false);
    expect(r.body.error).toMatch(new RegExp(`larger than the ${MAX_PDF_BYTES}-byte limit`));
    await sleep(50);
    expect(sent).toBeLessThan(total / 2);
    expect(await h.count('reports')).toBe(before);
    expect(await spoolLeftovers()).toEqual([]);
  });

  it('records the same PDF from two sources as one report, announced once', async () => {
    const pdf = fakePdf('same bytes, two addresses');
    servePdf(server, '/a/same.pdf', () => pdf);
    servePdf(server, '/b/same.pdf', () => pdf);
    const a = await check('dup-a');
    const b = await check('dup-b');
    expect(a.body.results[0]).toMatchObject({ outcome: 'new_report', reportId: sha(pdf) });
    expect(b.body.results[0]).toMatchObject({ outcome: 'duplicate', reportId: sha(pdf) });
    await h.waitForEvents(() => fetchedFor(sha(pdf)).length > 0, 'report.fetched for the shared PDF');
    await sleep(500);
    expect(fetchedFor(sha(pdf))).toHaveLength(1);
    expect(fetchedFor(sha(pdf))[0].source.id).toBe('dup-a');
  });

  it('records a corrected report at the same URL as superseding the earlier one', async () => {
    const v1 = fakePdf('report, first version');
    const v2 = fakePdf('report, corrected');
    let current = v1;
    servePdf(server, '/corr.pdf', () => current);
    await check('corr');
    current = v2;
    const r = await check('corr');
    expect(r.body.results[0]).toMatchObject({
      outcome: 'new_report',
      reportId: sha(v2),
      supersedes: sha(v1),
    });
    await h.waitForEvents(() => fetchedFor(sha(v2)).length === 1, 'report.fetched for the correction');
    expect(fetchedFor(sha(v2))[0].supersedes).toBe(sha(v1));
    expect((await h.api('GET', `/reports/${sha(v2)}`)).body.supersedes).toBe(sha(v1));
  });

  it('picks up a PDF dropped in the inbox folder and rejects a non-PDF with its reason', async () => {
    const pdf = fakePdf('dropped by an analyst');
    // Copy tools write to a hidden name and rename into place; the watcher ignores hidden files.
    await writeFile(join(inbox, '.dropped.pdf.part'), pdf);
    await rename(join(inbox, '.dropped.pdf.part'), join(inbox, 'dropped.pdf'));
    await writeFile(join(inbox, 'notes.pdf'), 'these are not PDF bytes');
    await h.waitForEvents(() => fetchedFor(sha(pdf)).length === 1, 'report.fetched for the inbox file');
    expect(fetchedFor(sha(pdf))[0].source).toEqual({
      id: 'inbox',
      kind: 'inbox',
      url: null,
      fileName: 'dropped.pdf',
    });
    await waitFor(async () => (await readdir(join(inbox, 'rejected')).catch(() => [])).length === 2, {
      ...POLL,
      message: 'rejected/',
    });
    expect(await readdir(join(inbox, 'processed'))).toEqual(['dropped.pdf']);
    expect(await readFile(join(inbox, 'rejected', 'notes.pdf.reason.txt'), 'utf8')).toMatch(/not a PDF/);
  });

  it('accepts uploads as multipart and as a raw application/pdf body: 201 new, 200 already known', async () => {
    const pdf = fakePdf('uploaded');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'ddor-2017-02-10.pdf');
    const created = await h.api('POST', '/reports', { body: form });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      reportId: sha(pdf),
      outcome: 'new_report',
      report: {
        reportId: sha(pdf),
        source: { id: 'upload', kind: 'upload', fileName: 'ddor-2017-02-10.pdf' },
      },
    });
    const again = await h.api('POST', '/reports', {
      body: new Uint8Array(pdf),
      headers: { 'content-type': 'application/pdf', 'x-file-name': 'copy.pdf' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ reportId: sha(pdf), outcome: 'duplicate' });

    const raw = fakePdf('uploaded raw');
    const rawCreated = await h.api('POST', '/reports', {
      body: new Uint8Array(raw),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(rawCreated.status).toBe(201);
    expect(rawCreated.body.report.source.fileName).toBe('upload.pdf');
    await h.waitForEvents(
      () => fetchedFor(sha(pdf)).length === 1 && fetchedFor(sha(raw)).length === 1,
      'report.fetched for both uploads',
    );
    await sleep(300);
    expect(fetchedFor(sha(pdf))).toHaveLength(1);
  });

  it('refuses bad uploads with a 4xx that names the problem, storing nothing', async () => {
    const before = await h.count('reports');
    const html = await h.api('POST', '/reports', {
      body: '<html><head><title>Login</title></head></html>',
      headers: { 'content-type': 'application/pdf' },
    });
    expect(html.status).toBe(422);
    expect(html.body.message).toMatch(/HTML/);
    const text = await h.api('POST', '/reports', {
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.message).toMatch(/multipart\/form-data .*"file"/);
    const empty = await h.api('POST', '/reports', {
      body: '',
      headers: { 'content-type': 'application/pdf' },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/empty/);
    const big = fakePdf('too big', MAX_PDF_BYTES + 1);
    const announced = await h.api('POST', '/reports', {
      body: new Uint8Array(big),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(announced.status).toBe(413);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(big)]), 'big.pdf');
    const streamed = await h.api('POST', '/reports', { body: form });
    expect(streamed.status).toBe(413);
    expect(streamed.body.message).toMatch(new RegExp(`larger than the ${MAX_PDF_BYTES}-byte limit`));
    const noField = new FormData();
    noField.append('document', new Blob([new Uint8Array(fakePdf('wrong field'))]), 'x.pdf');
    const missing = await h.api('POST', '/reports', { body: noField });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/no file in the field "file"/);
    expect(await h.count('reports')).toBe(before);
    expect(await spoolLeftovers()).toEqual([]);
  });

  it("uploads a file with uploadReport (the CLI's client): new, then already known, and refusals with the reason", async () => {
    const pdf = fakePdf('uploaded by the CLI');
    const file = join(work, 'DDOR 2017-03-17.pdf');
    await writeFile(file, pdf);
    const first = await uploadReport(h.baseUrl, file);
    expect(first).toMatchObject({ reportId: sha(pdf), outcome: 'new_report' });
    expect(first.report?.source).toEqual({
      id: 'upload',
      kind: 'upload',
      url: null,
      fileName: 'DDOR 2017-03-17.pdf',
    });
    expect(await uploadReport(`${h.baseUrl}/`, file)).toMatchObject({
      reportId: sha(pdf),
      outcome: 'duplicate',
    });
    await h.waitForEvents(() => fetchedFor(sha(pdf)).length === 1, 'report.fetched for the CLI upload');

    const notPdf = join(work, 'page.pdf');
    await writeFile(notPdf, '<html><head><title>Not Found</title></head></html>');
    await expect(uploadReport(h.baseUrl, notPdf)).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/^page\.pdf was refused \(HTTP 422\): .*HTML.*Not Found/),
    });
    await expect(uploadReport(h.baseUrl, join(work, 'missing.pdf'))).rejects.toThrow(
      /cannot read .*missing\.pdf/,
    );
    await expect(uploadReport('http://127.0.0.1:1', file)).rejects.toMatchObject({
      status: null,
      message: expect.stringMatching(/cannot reach the report-fetcher at http:\/\/127\.0\.0\.1:1\/reports/),
    });
  });

  it('lists reports newest first, page by page, and finds one by id', async () => {
    const all = (await h.api('GET', '/reports?limit=100')).body;
    expect(all.items.length).toBe(await h.count('reports'));
    const times = all.items.map((r: { fetchedAt: string }) => r.fetchedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ reportId: string }>; nextCursor: string | null } = (
        await h.api('GET', `/reports?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).body as never;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((r) => r.reportId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((r: { reportId: string }) => r.reportId));
    expect((await h.api('GET', '/reports?limit=0')).status).toBe(400);
    expect((await h.api('GET', '/reports?cursor=nonsense')).status).toBe(400);
    expect((await h.api('GET', `/reports/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await h.api('GET', '/reports/not-an-id')).status).toBe(400);
  });

  it('publishes report.fetch_failed {failing} after N failures and {recovered} on the next success; GET /sources shows it', async () => {
    const pdf = fakePdf('down, then back');
    let up = false;
    server.route('/down.pdf', (_req, res) => {
      if (!up) return void res.writeHead(404).end('gone');
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
    });
    const down = () => h.fetchFailed().filter((e) => e.data.sourceId === 'down');
    await check('down');
    await sleep(300);
    expect(down()).toEqual([]);
    await check('down');
    await h.waitForEvents(() => down().length === 1, 'report.fetch_failed {failing}');
    const failing = down()[0];
    expect(failing.data).toMatchObject({
      status: 'failing',
      consecutiveFailures: 2,
      url: server.url('/down.pdf'),
      lastSuccessAt: null,
    });
    expect(failing.data.reason).toMatch(/HTTP 404/);

    const sources = (await h.api('GET', '/sources')).body.sources as Array<Record<string, unknown>>;
    const shown = sources.find((s) => s.id === 'down')!;
    expect(shown).toMatchObject({
      config: { kind: 'url', url: server.url('/down.pdf'), cron: NEVER, enabled: true },
      consecutiveFailures: 2,
      failing: true,
      lastSuccessAt: null,
    });
    expect(shown.lastError).toMatch(/HTTP 404/);
    expect(failing.id).toBe(`report.fetch_failed:down:${shown.failingSince}:failing`);
    expect(Date.parse(shown.nextRunAt as string)).toBeGreaterThan(Date.now());
    expect(sources.map((s) => s.id)).toEqual(fetcher.sources.map((s) => s.id));
    expect(sources.find((s) => s.id === 'flaky')).toMatchObject({ consecutiveFailures: 0, lastError: null });
    expect(sources.find((s) => s.id === 'slow')).toMatchObject({ consecutiveFailures: 1, failing: false });

    await check('down'); // still down: no second alert
    up = true;
    const r = await check('down');
    expect(r.body.ok).toBe(true);
    await h.waitForEvents(() => down().length === 2, 'report.fetch_failed {recovered}');
    await sleep(300);
    expect(down().map((e) => e.data.status)).toEqual(['failing', 'recovered']);
    expect(down()[1].data.consecutiveFailures).toBe(3);
    // Only the source that failed N times alerted.
    expect(h.fetchFailed().map((e) => e.data.sourceId)).toEqual(['down', 'down']);
    expect((await h.api('POST', '/sources/nope/check')).status).toBe(404);

    // Ops alert on these: checks and candidates by outcome, per source.
    const metrics = String((await h.api('GET', '/metrics')).body).split('\n');
    const line = (name: string, ...labels: string[]) =>
      metrics.find((l) => l.startsWith(`${name}{`) && labels.every((x) => l.includes(x)));
    expect(line('detainer_fetch_checks_total', 'source="down"', 'result="failed"')).toMatch(/ 3$/);
    expect(line('detainer_fetch_checks_total', 'source="down"', 'result="ok"')).toMatch(/ 1$/);
    expect(line('detainer_fetch_candidates_total', 'source="down"', 'outcome="new_report"')).toMatch(/ 1$/);
  });

  it('leaves no half report when the app stops mid-download, and the next check after a restart completes it', async () => {
    const pdf = fakePdf('interrupted', 48 * 1024);
    let release = false;
    let halfSent = false;
    server.route('/stall.pdf', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
      if (release) return void res.end(pdf);
      res.write(pdf.subarray(0, pdf.length / 2));
      halfSent = true;
      while (!res.destroyed) await sleep(20); // holds the rest back until the client goes away
    });
    const inFlight = check('stall').catch((e: unknown) => e);
    await waitFor(() => halfSent, { ...POLL, message: 'the first half of the download' });
    await sleep(100);
    const stopping = Date.now();
    await h.stopApp();
    const stopMs = Date.now() - stopping;
    await inFlight;

    expect(stopMs).toBeLessThan(5_000);
    expect(await h.bus.blobs.has(sha(pdf))).toBe(false);
    expect((await h.dataSource.query(`SELECT 1 FROM reports WHERE report_id = $1`, [sha(pdf)])).length).toBe(
      0,
    );
    expect(await spoolLeftovers()).toEqual([]);
    // Interrupted by the shutdown, not by the source: no failure counted.
    const stall = await h.dataSource.query(
      `SELECT consecutive_failures FROM source_states WHERE source_id = 'stall'`,
    );
    expect(stall).toEqual([]);

    // What a SIGKILL mid-download would leave behind instead: a part file, removed when the service starts.
    const killed = join(spool, 'killed-mid-download.part');
    await writeFile(killed, pdf.subarray(0, 1000));
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(killed, longAgo, longAgo);

    release = true;
    await h.startApp(env);
    expect(await spoolLeftovers()).toEqual([]);
    const r = await check('stall');
    expect(r.body.results[0]).toMatchObject({ outcome: 'new_report', reportId: sha(pdf) });
    await h.waitForEvents(
      () => fetchedFor(sha(pdf)).length === 1,
      'report.fetched for the completed download',
    );
    expect(Buffer.from((await h.bus.blobs.get(sha(pdf)))!)).toEqual(pdf);
    await sleep(300);
    expect(fetchedFor(sha(pdf))).toHaveLength(1);
    expect(await mkdir(spool, { recursive: true }).then(spoolLeftovers)).toEqual([]);
  });
});

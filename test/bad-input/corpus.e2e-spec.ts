/**
 * Bad input against the five running services (separate processes, real Postgres and JetStream): a corpus generated
 * here of hostile PDFs, malformed uploads and invalid API requests. Each must get a clear rejection (a 4xx whose
 * message names the problem, or report.rejected with the right reason), and the services must keep serving:
 * afterwards every /ready answers 200 and a good report still flows through.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import {
  EventCollector,
  FIXTURES_DIR,
  SmtpSink,
  Stack,
  http,
  httpOk,
  loadFixture,
  sha256Hex,
  type HttpAnswer,
  type ServiceName,
  sleep,
} from '../support';
import * as pdf from './hostile-pdfs';

/** Small, so the oversized cases stay small too. */
const MAX_UPLOAD_BYTES = 1024 * 1024;
const REJECTION_TIMEOUT_MS = 60_000;

interface Outcome {
  ok: boolean;
  /** What happened, one line, for the table. */
  outcome: string;
  /** Why it is not the expected rejection. */
  problem?: string;
}

interface Case {
  group: string;
  name: string;
  run: () => Promise<Outcome>;
}

let stack: Stack;
let smtp: SmtpSink;
let events: EventCollector;
/** Processes that crashed during a case and were started again. */
const restarted = new Set<unknown>();
const table: { group: string; name: string; outcome: string; ok: boolean }[] = [];
const url = (service: ServiceName, path: string) => `${stack.url(service)}${path}`;

/** The message of a Nest / problem JSON body (string or list), else the text. */
function messageOf(a: HttpAnswer): string {
  const body = a.body as { message?: unknown } | string | null;
  if (body && typeof body === 'object' && body.message !== undefined)
    return Array.isArray(body.message) ? body.message.join('; ') : String(body.message);
  return a.text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A 4xx in `statuses` whose message matches `names` (the problem it must name). */
function rejected(a: HttpAnswer, statuses: number[], names: RegExp): Outcome {
  const message = messageOf(a);
  const outcome = `${a.status} ${message.slice(0, 140)}`;
  if (!statuses.includes(a.status))
    return { ok: false, outcome, problem: `expected status ${statuses.join('/')}` };
  if (!names.test(message)) return { ok: false, outcome, problem: `message does not match ${names}` };
  return { ok: true, outcome };
}

const httpCase =
  (
    target: ServiceName,
    path: string,
    init: Parameters<typeof http>[1],
    statuses: number[],
    names: RegExp,
  ): Case['run'] =>
  async () =>
    rejected(await http(url(target, path), init), statuses, names);

const NOTIFIER_API_KEY = randomBytes(24).toString('base64url');
const notifierKey = () => ({ 'x-api-key': NOTIFIER_API_KEY });
const postWatch = (json: unknown, statuses: number[], names: RegExp): Case['run'] =>
  httpCase('notifier', '/watches', { method: 'POST', headers: notifierKey(), json }, statuses, names);
const postAlias = (json: unknown, statuses: number[], names: RegExp): Case['run'] =>
  httpCase('jurisdiction-classifier', '/facility-aliases', { method: 'POST', json }, statuses, names);
/** A POST whose body is sent exactly as given, labelled application/json. */
const rawJson = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json' },
  body,
});

/** Uploads the bytes raw; the fetcher must refuse them itself with `statuses` and a message matching `names`. */
const refusedUpload =
  (bytes: Uint8Array, statuses: number[], names: RegExp, contentType = 'application/pdf'): Case['run'] =>
  async () =>
    rejected(
      await http(url('report-fetcher', '/reports'), {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: bytes,
      }),
      statuses,
      names,
    );

/**
 * Uploads a PDF the fetcher accepts (it starts with %PDF-) and waits for the extractor's report.rejected for it:
 * one event, with one of `reasons` and a message.
 */
const rejectedReport =
  (bytes: Uint8Array, reasons: string[]): Case['run'] =>
  async () => {
    const reportId = sha256Hex(bytes);
    const up = await http<{ reportId: string; outcome: string }>(url('report-fetcher', '/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'x-file-name': 'hostile.pdf' },
      body: bytes,
    });
    if (up.status !== 201)
      return { ok: false, outcome: `${up.status} ${up.text.slice(0, 140)}`, problem: 'upload not accepted' };
    if (up.body.reportId !== reportId)
      return { ok: false, outcome: `report id ${up.body.reportId}`, problem: 'not the sha256 of the bytes' };
    const [event] = await events.waitFor('report.rejected', (e) => e.length >= 1, {
      timeoutMs: REJECTION_TIMEOUT_MS,
      reportId,
      message: `report.rejected for ${reportId}`,
      context: () =>
        `report.extracted for it: ${events.of('report.extracted', reportId).length}\n${stack.tail('pdf-extractor', 30)}`,
    });
    const d = event!.envelope.data as { reason: string; message: string };
    const outcome = `report.rejected ${d.reason}: ${d.message.slice(0, 120)}`;
    if (!reasons.includes(d.reason))
      return { ok: false, outcome, problem: `expected reason ${reasons.join(' or ')}` };
    if (events.of('report.extracted', reportId).length > 0)
      return { ok: false, outcome, problem: 'also published report.extracted' };
    if (d.message.trim().length < 10)
      return { ok: false, outcome, problem: 'message too short to name a problem' };
    return { ok: true, outcome };
  };

const multipart = (boundary: string, parts: string[]) =>
  Buffer.from(`${parts.map((p) => `--${boundary}\r\n${p}`).join('\r\n')}\r\n--${boundary}--\r\n`, 'latin1');

const uploadMultipart = (body: Buffer, contentType: string, statuses: number[], names: RegExp): Case['run'] =>
  httpCase(
    'report-fetcher',
    '/reports',
    { method: 'POST', headers: { 'content-type': contentType }, body },
    statuses,
    names,
  );

const ledgerImport = (form: FormData, statuses: number[], names: RegExp): Case['run'] =>
  httpCase('grant-exposure-calculator', '/ledger/imports', { method: 'POST', body: form }, statuses, names);

const csvForm = (fields: Record<string, string>, csv?: string) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (csv !== undefined) f.append('file', new Blob([csv], { type: 'text/csv' }), 'awards.csv');
  return f;
};

/**
 * Streams `total` bytes (a %PDF- header, then spaces) with chunked encoding, as a client that does not announce the
 * size would, and returns the answer even when the server answers and closes before the body is complete (fetch
 * reports only EPIPE then).
 */
function chunkedUpload(target: string, total: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'POST', headers: { 'content-type': 'application/pdf' } });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('error', reject);
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* keep the text */
        }
        resolve({ status: res.statusCode ?? 0, headers: new Headers(), body, text });
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (!answered && sent < total && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!req.destroyed) req.end();
    };
    req.write('%PDF-1.4\n');
    pump();
  });
}

const KB10 = 'Hartford '.repeat(1200);
const MB1 = JSON.stringify({ email: 'a@example.org', jurisdiction: 'x'.repeat(1024 * 1024) });
const HEX64 = 'ab'.repeat(32);
const UUID = '3b241101-e2bb-4255-8caf-4136c566a962';
const TOKEN = 'A'.repeat(43);

function buildCorpus(): Case[] {
  const fixture = (name: string) => readFileSync(join(FIXTURES_DIR, name));
  const good = loadFixture('week3-a4-landscape-grouped').pdf;
  const html = Buffer.from(
    '<!DOCTYPE html><html><head><title>Page Not Found | ICE</title></head><body>Sorry</body></html>',
  );
  const cases: Case[] = [];
  const add = (group: string, name: string, run: Case['run']) => cases.push({ group, name, run });

  // --- PDFs the fetcher itself must refuse
  add('pdf/fetcher', 'zero-byte upload', refusedUpload(fixture('bad-zeroByte.pdf'), [400], /empty|0 bytes/i));
  add('pdf/fetcher', 'HTML page sent as application/pdf', refusedUpload(html, [422], /HTML|Page Not Found/i));
  add(
    'pdf/fetcher',
    'plain text sent as application/pdf',
    refusedUpload(Buffer.from('hello, this is not a PDF at all'), [422], /not a PDF|%PDF/i),
  );
  add(
    'pdf/fetcher',
    'PNG image sent as application/pdf',
    refusedUpload(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), [422], /not a PDF|%PDF/i),
  );
  add(
    'pdf/fetcher',
    'three bytes "%PD"',
    refusedUpload(Buffer.from('%PD'), [400, 422], /not a PDF|%PDF|truncated|empty/i),
  );
  add(
    'pdf/fetcher',
    'oversized upload with Content-Length',
    refusedUpload(
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_UPLOAD_BYTES + 10, 0x20)]),
      [413],
      /limit|large/i,
    ),
  );
  add('pdf/fetcher', 'oversized upload streamed (chunked, no Content-Length)', async () => {
    try {
      const a = await chunkedUpload(url('report-fetcher', '/reports'), MAX_UPLOAD_BYTES * 3);
      return rejected(a, [413], /limit|large/i);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      return { ok: false, outcome: `connection ended without an answer (${code})`, problem: 'no 413 answer' };
    }
  });

  // --- wrong content types and malformed multipart
  add(
    'upload/content-type',
    'text/plain body',
    refusedUpload(good, [415], /multipart\/form-data|application\/pdf/i, 'text/plain'),
  );
  add(
    'upload/content-type',
    'application/json body',
    refusedUpload(
      Buffer.from('{"file":"x"}'),
      [415],
      /multipart\/form-data|application\/pdf/i,
      'application/json',
    ),
  );
  add('upload/content-type', 'no Content-Type', async () =>
    rejected(
      await http(url('report-fetcher', '/reports'), {
        method: 'POST',
        body: new Uint8Array(good),
        headers: { 'content-type': '' },
      }),
      [415],
      /Content-Type|multipart/i,
    ),
  );
  add(
    'upload/multipart',
    'multipart without boundary',
    uploadMultipart(Buffer.from('garbage'), 'multipart/form-data', [400], /boundary|multipart/i),
  );
  add(
    'upload/multipart',
    'multipart with garbage body',
    uploadMultipart(
      Buffer.from('this is not multipart at all'),
      'multipart/form-data; boundary=XyZ',
      [400],
      /multipart|file/i,
    ),
  );
  add(
    'upload/multipart',
    'multipart with the PDF in field "upload"',
    uploadMultipart(
      multipart('XyZ', [
        `Content-Disposition: form-data; name="upload"; filename="r.pdf"\r\nContent-Type: application/pdf\r\n\r\n${good.subarray(0, 2000).toString('latin1')}`,
      ]),
      'multipart/form-data; boundary=XyZ',
      [400],
      /field "file"|"file"/i,
    ),
  );
  add(
    'upload/multipart',
    'multipart with only text fields',
    uploadMultipart(
      multipart('XyZ', ['Content-Disposition: form-data; name="note"\r\n\r\nhello']),
      'multipart/form-data; boundary=XyZ',
      [400],
      /file/i,
    ),
  );
  add(
    'upload/multipart',
    'multipart cut off inside the file',
    uploadMultipart(
      Buffer.from(
        `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="r.pdf"\r\nContent-Type: application/pdf\r\n\r\n${good.subarray(0, 5000).toString('latin1')}`,
        'latin1',
      ),
      'multipart/form-data; boundary=XyZ',
      [400],
      /ended|truncated|Unexpected end|complete/i,
    ),
  );
  add(
    'upload/multipart',
    'multipart file that is HTML',
    uploadMultipart(
      multipart('XyZ', [
        `Content-Disposition: form-data; name="file"; filename="r.pdf"\r\nContent-Type: application/pdf\r\n\r\n${html.toString('latin1')}`,
      ]),
      'multipart/form-data; boundary=XyZ',
      [422],
      /HTML|Page Not Found/i,
    ),
  );
  add(
    'upload/multipart',
    'multipart file name with path traversal, bytes HTML',
    uploadMultipart(
      multipart('XyZ', [
        `Content-Disposition: form-data; name="file"; filename="../../../etc/passwd"\r\nContent-Type: application/pdf\r\n\r\nroot:x:0:0`,
      ]),
      'multipart/form-data; boundary=XyZ',
      [422],
      /not a PDF/i,
    ),
  );

  // --- PDFs that reach the extractor and must come back as report.rejected
  add(
    'pdf/extractor',
    'encrypted DDOR (user password)',
    rejectedReport(fixture('bad-encrypted.pdf'), ['encrypted']),
  );
  add(
    'pdf/extractor',
    'truncated DDOR (60% of its bytes)',
    rejectedReport(fixture('bad-truncated.pdf'), ['corrupt']),
  );
  add(
    'pdf/extractor',
    'truncated DDOR (first 4 KB)',
    rejectedReport(good.subarray(0, 4096), ['corrupt', 'no_text_layer', 'not_a_ddor']),
  );
  add(
    'pdf/extractor',
    'scanned pages, no text layer',
    rejectedReport(fixture('bad-scanned.pdf'), ['no_text_layer']),
  );
  add(
    'pdf/extractor',
    'a valid PDF about something else',
    rejectedReport(fixture('bad-notADdor.pdf'), ['not_a_ddor']),
  );
  add(
    'pdf/extractor',
    'one page saying only the report title (no section)',
    rejectedReport(pdf.textPdf('Declined Detainer Outcome Report'), ['not_a_ddor']),
  );
  add(
    'pdf/extractor',
    'random bytes after a %PDF- header',
    rejectedReport(pdf.randomWithHeader(20_000), ['corrupt']),
  );
  add(
    'pdf/extractor',
    'only the %PDF-1.7 header',
    rejectedReport(Buffer.from('%PDF-1.7\n'), ['corrupt', 'empty']),
  );
  add(
    'pdf/extractor',
    '250 blank pages (over the page limit)',
    rejectedReport(pdf.manyPages(250), ['too_many_pages']),
  );
  add(
    'pdf/extractor',
    'page tree claiming 1,000,000,000 pages',
    // pdf.js counts the pages it finds rather than trusting /Count: one page, and it has no text.
    rejectedReport(pdf.lyingPageCount(1_000_000_000), ['too_many_pages', 'corrupt', 'no_text_layer']),
  );
  add(
    'pdf/extractor',
    'arrays nested 100,000 deep',
    rejectedReport(pdf.nestedArrays(100_000), ['corrupt', 'not_a_ddor', 'no_text_layer']),
  );
  add(
    'pdf/extractor',
    'dictionaries nested 50,000 deep',
    rejectedReport(pdf.nestedDictionaries(50_000), ['corrupt', 'not_a_ddor', 'no_text_layer']),
  );
  add(
    'pdf/extractor',
    'page tree nested 5,000 deep',
    rejectedReport(pdf.deepPageTree(5_000), ['corrupt', 'not_a_ddor', 'no_text_layer']),
  );
  add('pdf/extractor', 'circular page tree', rejectedReport(pdf.circularPageTree(), ['corrupt']));
  add(
    'pdf/extractor',
    'content stream inflating to 200 MB',
    rejectedReport(pdf.inflationBomb(200), ['corrupt', 'not_a_ddor', 'no_text_layer']),
  );
  add(
    'pdf/extractor',
    'stream /Length past the end of the file',
    rejectedReport(pdf.hugeStreamLength(), ['corrupt', 'not_a_ddor', 'no_text_layer']),
  );
  add(
    'pdf/extractor',
    'stream /Length referencing itself',
    rejectedReport(pdf.selfReferencingLength(), ['corrupt', 'not_a_ddor', 'no_text_layer']),
  );
  add(
    'pdf/extractor',
    'broken xref and missing catalog',
    rejectedReport(pdf.brokenXref(), ['corrupt', 'not_a_ddor']),
  );
  add('pdf/extractor', 'the same bad bytes again: duplicate, no second event', async () => {
    const bytes = fixture('bad-encrypted.pdf');
    const a = await http<{ outcome: string }>(url('report-fetcher', '/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: bytes,
    });
    await sleep(1500);
    const n = events.of('report.rejected', sha256Hex(bytes)).length;
    const outcome = `${a.status} ${a.body.outcome}; report.rejected events: ${n}`;
    return a.status === 200 && a.body.outcome === 'duplicate' && n === 1
      ? { ok: true, outcome }
      : { ok: false, outcome, problem: 'expected 200 duplicate and exactly one report.rejected' };
  });

  // --- notifier: POST /watches
  add(
    'notifier/watches',
    'invalid JSON body',
    httpCase('notifier', '/watches', rawJson('{"email": "a@example.org",', notifierKey()), [400], /JSON/i),
  );
  add('notifier/watches', 'JSON array instead of an object', postWatch([1, 2], [400], /object|expected/i));
  add('notifier/watches', 'missing email', postWatch({ jurisdiction: 'Hartford, CT' }, [400], /email/i));
  add(
    'notifier/watches',
    'email without @',
    postWatch({ email: 'not-an-email', jurisdiction: 'Hartford, CT' }, [400], /email|address/i),
  );
  add(
    'notifier/watches',
    'header injection in email (CRLF Bcc)',
    postWatch(
      { email: 'a@example.org\r\nBcc: victim@example.net', jurisdiction: 'Hartford, CT' },
      [400],
      /email|address|line|control/i,
    ),
  );
  add(
    'notifier/watches',
    'header injection in email (LF Subject)',
    postWatch(
      { email: 'a@example.org\nSubject: pwned', jurisdiction: 'Hartford, CT' },
      [400],
      /email|address|line|control/i,
    ),
  );
  add(
    'notifier/watches',
    'email with a display name',
    postWatch(
      { email: 'Eve <eve@example.org>', jurisdiction: 'Hartford, CT' },
      [400],
      /email|address|display/i,
    ),
  );
  add(
    'notifier/watches',
    'two addresses in email',
    postWatch(
      { email: 'a@example.org, b@example.org', jurisdiction: 'Hartford, CT' },
      [400],
      /email|address|one/i,
    ),
  );
  add(
    'notifier/watches',
    'header injection in jurisdiction (CRLF)',
    postWatch(
      { email: 'a@example.org', jurisdiction: 'Hartford\r\nBcc: victim@example.net' },
      [400],
      /jurisdiction/i,
    ),
  );
  add(
    'notifier/watches',
    'NUL byte in jurisdiction',
    postWatch({ email: 'a@example.org', jurisdiction: 'Hart\u0000ford, CT' }, [400], /jurisdiction/i),
  );
  add(
    'notifier/watches',
    '10 KB jurisdiction name',
    postWatch({ email: 'a@example.org', jurisdiction: KB10 }, [400], /jurisdiction/i),
  );
  add(
    'notifier/watches',
    '1 MB JSON body',
    httpCase('notifier', '/watches', rawJson(MB1, notifierKey()), [413], /too large|limit|size/i),
  );
  add(
    'notifier/watches',
    'unknown field',
    postWatch(
      { email: 'a@example.org', jurisdiction: 'Hartford, CT', admin: true },
      [400],
      /admin|unrecognized|unknown/i,
    ),
  );
  add(
    'notifier/watches',
    'state not a USPS code',
    postWatch({ email: 'a@example.org', jurisdiction: 'Hartford', state: 'Connecticut' }, [400], /state/i),
  );
  add(
    'notifier/watches',
    'includeChildren not a boolean',
    postWatch(
      { email: 'a@example.org', jurisdiction: 'Hartford, CT', includeChildren: 'yes' },
      [400],
      /includeChildren/i,
    ),
  );
  add(
    'notifier/watches',
    'jurisdiction that does not exist',
    postWatch(
      { email: 'a@example.org', jurisdiction: 'Nowhereville Qqq, CT' },
      [422],
      /Nowhereville|not|resolve|match/i,
    ),
  );
  add(
    'notifier/watches',
    'no API key',
    httpCase(
      'notifier',
      '/watches',
      { method: 'POST', json: { email: 'a@example.org', jurisdiction: 'Hartford, CT' } },
      [401],
      /API key/i,
    ),
  );
  add(
    'notifier/watches',
    'wrong API key',
    httpCase(
      'notifier',
      '/watches',
      {
        method: 'POST',
        headers: { 'x-api-key': 'x'.repeat(32) },
        json: { email: 'a@example.org', jurisdiction: 'Hartford, CT' },
      },
      [401],
      /API key/i,
    ),
  );
  add(
    'notifier/watches',
    'GET /watches?limit=abc',
    httpCase('notifier', '/watches?limit=abc', { headers: notifierKey() }, [400], /limit/i),
  );
  add(
    'notifier/watches',
    'GET /watches?limit=100000',
    httpCase('notifier', '/watches?limit=100000', { headers: notifierKey() }, [400], /limit/i),
  );
  add(
    'notifier/watches',
    'GET /watches with an unknown query parameter',
    httpCase(
      'notifier',
      '/watches?sort=email',
      { headers: notifierKey() },
      [400],
      /sort|unrecognized|unknown/i,
    ),
  );
  add(
    'notifier/watches',
    'path traversal in watch id',
    httpCase('notifier', '/watches/..%2F..%2Fetc%2Fpasswd', { headers: notifierKey() }, [400], /id|UUID/i),
  );
  add(
    'notifier/watches',
    'DELETE a watch id that is not a UUID',
    httpCase(
      'notifier',
      '/watches/1%20OR%201=1',
      { method: 'DELETE', headers: notifierKey() },
      [400],
      /id|UUID/i,
    ),
  );
  add(
    'notifier/links',
    'confirm link with a malformed token',
    httpCase('notifier', `/watches/${UUID}/confirm?token=abc`, {}, [400], /link|incomplete/i),
  );
  add(
    'notifier/links',
    'unsubscribe link of a watch that does not exist',
    httpCase(
      'notifier',
      `/watches/${UUID}/unsubscribe?token=${TOKEN}`,
      {},
      [404],
      /not found|does not exist/i,
    ),
  );
  add(
    'notifier/links',
    'confirm link with path traversal id',
    httpCase('notifier', `/watches/..%2F..%2Fadmin/confirm?token=${TOKEN}`, {}, [400], /link|incomplete/i),
  );

  // --- classifier: facility aliases and queries
  add(
    'classifier/aliases',
    'invalid JSON body',
    httpCase('jurisdiction-classifier', '/facility-aliases', rawJson('{"alias": '), [400], /JSON/i),
  );
  add('classifier/aliases', 'empty object', postAlias({}, [400], /alias/i));
  add(
    'classifier/aliases',
    'state not a USPS code',
    postAlias(
      { alias: 'HARTFORD CORRECTIONAL CENTER', state: 'Connecticut', entityId: 'place:0937000' },
      [400],
      /state/i,
    ),
  );
  add(
    'classifier/aliases',
    'unknown entityId',
    postAlias(
      { alias: 'HARTFORD CORRECTIONAL CENTER', state: 'CT', entityId: 'place:9999999' },
      [400],
      /entityId/i,
    ),
  );
  add(
    'classifier/aliases',
    'entityId in another state',
    postAlias(
      { alias: 'HARTFORD CORRECTIONAL CENTER', state: 'TX', entityId: 'place:0937000' },
      [400],
      /entityId|not in TX/i,
    ),
  );
  add(
    'classifier/aliases',
    'alias with no letters or digits',
    postAlias({ alias: '!!! ---', state: 'CT', entityId: 'place:0937000' }, [400], /alias/i),
  );
  add(
    'classifier/aliases',
    '10 KB alias',
    postAlias({ alias: KB10, state: 'CT', entityId: 'place:0937000' }, [400], /alias|300/i),
  );
  add(
    'classifier/aliases',
    'alias not a string',
    postAlias({ alias: 42, state: 'CT', entityId: 'place:0937000' }, [400], /alias/i),
  );
  add(
    'classifier/aliases',
    '1 MB JSON body',
    httpCase('jurisdiction-classifier', '/facility-aliases', rawJson(MB1), [413], /too large|limit|size/i),
  );
  add(
    'classifier/aliases',
    'DELETE alias id not a number',
    httpCase('jurisdiction-classifier', '/facility-aliases/abc', { method: 'DELETE' }, [400], /alias id/i),
  );
  add(
    'classifier/aliases',
    'DELETE alias that does not exist',
    httpCase(
      'jurisdiction-classifier',
      '/facility-aliases/987654321',
      { method: 'DELETE' },
      [404],
      /987654321/,
    ),
  );
  add(
    'classifier/queries',
    'path traversal in jurisdiction id',
    httpCase(
      'jurisdiction-classifier',
      '/jurisdictions/..%2F..%2Fetc%2Fpasswd',
      {},
      [400, 404],
      /jurisdiction/i,
    ),
  );
  add(
    'classifier/queries',
    '10 KB jurisdiction id',
    httpCase(
      'jurisdiction-classifier',
      `/jurisdictions/${'x'.repeat(10_000)}`,
      {},
      [400, 414],
      /jurisdiction id|200|long/i,
    ),
  );
  add(
    'classifier/queries',
    'jurisdictions?limit=-1',
    httpCase('jurisdiction-classifier', '/jurisdictions?limit=-1', {}, [400], /limit/i),
  );
  add(
    'classifier/queries',
    'jurisdictions?state=Texas',
    httpCase('jurisdiction-classifier', '/jurisdictions?state=Texas', {}, [400], /state/i),
  );
  add(
    'classifier/queries',
    'report id not a sha256',
    httpCase('jurisdiction-classifier', '/reports/..%2F..%2Fetc/jurisdictions', {}, [400], /report id/i),
  );
  add(
    'classifier/queries',
    'report never classified',
    httpCase('jurisdiction-classifier', `/reports/${HEX64}/jurisdictions`, {}, [404], new RegExp(HEX64)),
  );
  add(
    'classifier/queries',
    'resolve without q',
    httpCase('jurisdiction-classifier', '/resolve', {}, [400], /q\b|query/i),
  );

  // --- grant-exposure-calculator: ledger imports and exposure queries
  add('grant/imports', 'no file', ledgerImport(csvForm({ format: 'usaspending' }), [400], /file/i));
  add(
    'grant/imports',
    'unknown format',
    ledgerImport(csvForm({ format: 'xls' }, 'a,b\n1,2\n'), [400], /format/i),
  );
  add('grant/imports', 'missing format', ledgerImport(csvForm({}, 'a,b\n1,2\n'), [400], /format/i));
  add(
    'grant/imports',
    'fiscal year not four digits',
    ledgerImport(csvForm({ format: 'figures', fiscalYear: '20x7' }, 'a,b\n1,2\n'), [400], /fiscalYear/i),
  );
  add(
    'grant/imports',
    'CSV without the expected columns',
    ledgerImport(csvForm({ format: 'usaspending' }, 'foo,bar\n1,2\n'), [422], /column|header|expected/i),
  );
  add(
    'grant/imports',
    'binary bytes as CSV',
    ledgerImport(
      csvForm({ format: 'figures' }, '\u0000\u0001\u0002PK\u0003\u0004'),
      [422, 400],
      /column|header|expected|CSV/i,
    ),
  );
  add(
    'grant/imports',
    'JSON body instead of multipart',
    httpCase(
      'grant-exposure-calculator',
      '/ledger/imports',
      { method: 'POST', json: { format: 'figures', file: 'a,b' } },
      [400],
      /file/i,
    ),
  );
  add(
    'grant/imports',
    'malformed multipart',
    httpCase(
      'grant-exposure-calculator',
      '/ledger/imports',
      {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
        body: 'not multipart',
      },
      [400],
      /multipart|form|boundary|Unexpected end/i,
    ),
  );
  add(
    'grant/queries',
    'import run id not a number',
    httpCase('grant-exposure-calculator', '/ledger/imports/abc', {}, [400], /numeric|id/i),
  );
  add(
    'grant/queries',
    'ledger row id with path traversal',
    httpCase('grant-exposure-calculator', '/ledger/rows/..%2F..%2Fetc%2Fpasswd', {}, [400], /ledger row id/i),
  );
  add(
    'grant/queries',
    'exposure report id not a sha256',
    httpCase('grant-exposure-calculator', '/exposure/report/not-a-report', {}, [400], /report id/i),
  );
  add(
    'grant/queries',
    'exposure report format=xml',
    httpCase('grant-exposure-calculator', `/exposure/report/${HEX64}?format=xml`, {}, [400], /format/i),
  );
  add(
    'grant/queries',
    'exposure without jurisdiction',
    httpCase('grant-exposure-calculator', '/exposure', {}, [400], /jurisdiction/i),
  );
  add(
    'grant/queries',
    'exposure fy=abc',
    httpCase('grant-exposure-calculator', '/exposure?jurisdiction=state:09&fy=abc', {}, [400], /fy|fiscal/i),
  );
  add(
    'grant/queries',
    'exposure programs=FOO',
    httpCase(
      'grant-exposure-calculator',
      '/exposure?jurisdiction=state:09&programs=FOO',
      {},
      [400],
      /programs/i,
    ),
  );
  add(
    'grant/queries',
    'exposure 10 KB jurisdiction',
    httpCase(
      'grant-exposure-calculator',
      `/exposure?jurisdiction=${encodeURIComponent(KB10)}`,
      {},
      [400, 414],
      /300|too (big|long)/i,
    ),
  );

  // --- fetcher and extractor APIs
  add(
    'fetcher/api',
    'check a source id that is not configured',
    httpCase('report-fetcher', '/sources/no-such-source/check', { method: 'POST' }, [404], /no-such-source/),
  );
  add(
    'fetcher/api',
    'check with path traversal in the source id',
    httpCase(
      'report-fetcher',
      '/sources/..%2F..%2Fetc%2Fpasswd/check',
      { method: 'POST' },
      [404, 400],
      /source/i,
    ),
  );
  add(
    'fetcher/api',
    'report id not a sha256',
    httpCase('report-fetcher', '/reports/..%2F..%2Fetc%2Fpasswd', {}, [400], /report id/i),
  );
  add('fetcher/api', 'reports?limit=0', httpCase('report-fetcher', '/reports?limit=0', {}, [400], /limit/i));
  add(
    'fetcher/api',
    'reports?cursor=garbage',
    httpCase('report-fetcher', '/reports?cursor=%27%3B%20DROP%20TABLE%20reports', {}, [400], /cursor/i),
  );
  add(
    'extractor/api',
    'report id with path traversal',
    httpCase('pdf-extractor', '/reports/..%2F..%2Fetc%2Fpasswd', {}, [400], /report id|sha256|hex/i),
  );
  add(
    'extractor/api',
    'reports?limit=abc',
    httpCase('pdf-extractor', '/reports?limit=abc', {}, [400], /limit/i),
  );
  add(
    'extractor/api',
    'rows?section=V',
    httpCase('pdf-extractor', `/reports/${HEX64}/rows?section=V`, {}, [400], /section/i),
  );
  add(
    'extractor/api',
    'unknown report',
    httpCase('pdf-extractor', `/reports/${HEX64}`, {}, [404], new RegExp(HEX64)),
  );
  return cases;
}

const corpus = buildCorpus();

describe('bad input: every case gets a clear rejection and the services keep serving', () => {
  beforeAll(async () => {
    smtp = await SmtpSink.start();
    stack = await Stack.create({
      smtp,
      notifierApiKey: NOTIFIER_API_KEY,
      env: {
        'report-fetcher': { REPORT_FETCHER_MAX_PDF_BYTES: String(MAX_UPLOAD_BYTES) },
        // A worker that needs more is stopped: the 200 MB inflation case must not take the service down.
        'pdf-extractor': {
          EXTRACTOR_MAX_PAGES: '200',
          EXTRACTOR_WORKER_MEMORY_MB: '256',
          EXTRACTOR_MAX_DELIVER: '2',
        },
      },
    });
    await stack.startAll();
    events = await EventCollector.start({
      natsUrl: stack.natsUrl,
      stream: stack.eventsStream,
      subjectPrefix: stack.subjectPrefix,
    });
  }, 150_000);

  afterAll(async () => {
    printTable();
    await events?.close();
    await stack?.cleanup();
    await smtp?.close();
  }, 60_000);

  it(`has at least 50 cases (${corpus.length})`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
  });

  it.each(corpus.map((c) => [`${c.group}: ${c.name}`, c] as const))(
    '%s',
    async (_label, c) => {
      let result: Outcome;
      try {
        result = await c.run();
      } catch (err) {
        const message = (err as Error).message;
        result = {
          ok: false,
          outcome: `error: ${message.split('\n')[0]}`,
          problem: `the case threw: ${message}`,
        };
      }
      // A case that crashes a service fails; the service is started again so the rest of the corpus still tests it.
      const crashed = stack.unexpectedExits().filter((p) => !restarted.has(p));
      for (const p of crashed) {
        restarted.add(p);
        result = {
          ok: false,
          outcome: `${p.key} CRASHED (exit ${p.exit?.code ?? p.exit?.signal}); ${result.outcome}`,
          problem: `${p.key} crashed`,
        };
        await stack.start(p.name, { replica: p.replica });
      }
      table.push({ group: c.group, name: c.name, outcome: result.outcome, ok: result.ok });
      expect({ case: c.name, outcome: result.outcome, problem: result.problem ?? null }).toEqual({
        case: c.name,
        outcome: result.outcome,
        problem: null,
      });
    },
    90_000,
  );

  it('keeps serving: every /ready is 200, no process died, every event is valid, and a good report flows through', async () => {
    // Crashes during the corpus are failures of their cases already; none may have happened since.
    expect(
      stack
        .unexpectedExits()
        .filter((p) => !restarted.has(p))
        .map((p) => `${p.key} exited ${p.exit?.code ?? p.exit?.signal}`),
    ).toEqual([]);
    expect(await stack.notReady()).toEqual([]);
    const good = loadFixture('week3-a4-landscape-grouped');
    const reportId = sha256Hex(good.pdf);
    const up = await httpOk<{ reportId: string; outcome: string }>(url('report-fetcher', '/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: good.pdf,
    });
    expect(up).toMatchObject({ reportId, outcome: 'new_report' });
    await events.waitFor('detainer.declined', (e) => e.length >= good.truth.declined.length, {
      timeoutMs: 60_000,
      reportId,
      message: `${good.truth.declined.length} detainer.declined for the good report`,
      context: () => stack.tails(),
    });
    const [extracted] = await events.waitFor('report.extracted', (e) => e.length >= 1, {
      timeoutMs: 30_000,
      reportId,
      message: 'report.extracted for the good report',
    });
    expect((extracted!.envelope.data.extract as { declined: unknown[] }).declined).toHaveLength(
      good.truth.declined.length,
    );
    await events.waitFor('grant.exposure.estimated', (e) => e.length >= 1, {
      timeoutMs: 60_000,
      reportId,
      message: 'grant.exposure.estimated for the good report',
      context: () => stack.tails(),
    });
    expect(events.invalid().map((e) => `${e.subject} ${e.envelope.id}: ${e.schemaError}`)).toEqual([]);
    // Nothing in the corpus may have produced an alert: no watch was ever created.
    expect(smtp.messages).toHaveLength(0);
    expect(await stack.notReady()).toEqual([]);
  }, 150_000);
});

function printTable(): void {
  const w = Math.max(...table.map((r) => `${r.group}: ${r.name}`.length));
  const lines = table.map(
    (r) => `${r.ok ? 'ok  ' : 'FAIL'} ${`${r.group}: ${r.name}`.padEnd(w)}  ${r.outcome}`,
  );
  const failed = table.filter((r) => !r.ok).length;
  console.log(
    `bad-input corpus: ${table.length} cases, ${failed} not rejected as expected\n${lines.join('\n')}`,
  );
}

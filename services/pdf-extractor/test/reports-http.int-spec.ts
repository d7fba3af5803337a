jest.setTimeout(120_000);

import request from 'supertest';
import { Subjects } from '@detainer-watch/contracts';
import {
  badPdfs,
  defaultLayout,
  generateReport,
  syntheticContent,
  type GeneratedReport,
} from '@detainer-watch/ddor-fixtures';
import { waitFor, POLL } from '@detainer-watch/testing';
import { sha256, startExtractorHarness, type ExtractorHarness } from './support/harness';

let h: ExtractorHarness;
let good: GeneratedReport;
let goodId: string;
let badId: string;

beforeAll(async () => {
  let bad: Uint8Array;
  [h, good, { encrypted: bad }] = await Promise.all([
    startExtractorHarness(),
    generateReport(syntheticContent({ seed: 51, declinedRows: 6, policies: 2 }), defaultLayout),
    badPdfs(),
  ]);
  goodId = sha256(good.pdf);
  badId = sha256(bad);
  await h.publishFetched(good.pdf);
  await h.publishFetched(bad);
  await waitFor(
    async () => {
      const [x, r] = await Promise.all([h.read(Subjects.ReportExtracted), h.read(Subjects.ReportRejected)]);
      return x.length === 1 && r.length === 1 ? true : undefined;
    },
    { ...POLL, message: 'both reports processed' },
  );
});
afterAll(async () => {
  await h?.close();
});

const get = (path: string) => request(h.service.url).get(path);

describe('GET /reports/:id', () => {
  it('summarizes an extracted report', async () => {
    const res = await get(`/reports/${goodId}`).expect(200);
    expect(res.body).toMatchObject({
      reportId: goodId,
      status: 'extracted',
      rejection: null,
      title: good.truth.title,
      period: { start: good.truth.periodStart, end: good.truth.periodEnd },
      pageCount: good.truth.pageCount,
      detainersIssued: good.truth.detainersIssued,
      rowCounts: { I: good.truth.highestVolume.length, II: 6, III: good.truth.policies.length },
      source: { id: 'test-source', kind: 'url' },
      supersedes: null,
    });
    expect(Array.isArray(res.body.warnings)).toBe(true);
    expect(res.body).not.toHaveProperty('extract');
  });

  it('says why a report was rejected, and counts it has none of as null', async () => {
    const res = await get(`/reports/${badId}`).expect(200);
    expect(res.body).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'encrypted' },
      rowCounts: { I: null, II: null, III: null },
      pageCount: null,
    });
    expect(res.body.rejection.message).toMatch(/encrypted/);
  });

  it('404 names the id; 400 names a malformed one', async () => {
    const unknown = 'a'.repeat(64);
    const res = await get(`/reports/${unknown}`).expect(404);
    expect(res.body.message).toContain(unknown);
    const bad = await get('/reports/not-a-sha').expect(400);
    expect(bad.body.message).toContain("'not-a-sha' is not a report id");
  });
});

describe('GET /reports/:id/extract', () => {
  it('returns the ReportExtract', async () => {
    const res = await get(`/reports/${goodId}/extract`).expect(200);
    expect(res.body.reportId).toBe(goodId);
    expect(res.body.declined).toEqual(good.truth.declined);
    expect(res.body.policies).toEqual(good.truth.policies);
  });

  it('404 for a rejected report says it was rejected and why', async () => {
    const res = await get(`/reports/${badId}/extract`).expect(404);
    expect(res.body.message).toContain(`report ${badId} was rejected (encrypted)`);
  });
});

describe('GET /reports/:id/rows', () => {
  it('lists one section as JSON, numbered like detainer.declined', async () => {
    const res = await get(`/reports/${goodId}/rows?section=II`).expect(200);
    expect(res.body.rowCount).toBe(6);
    expect(res.body.rows).toEqual(good.truth.declined.map((row, rowIndex) => ({ rowIndex, ...row })));
    const i = await get(`/reports/${goodId}/rows?section=I`).expect(200);
    expect(i.body.rows).toHaveLength(good.truth.highestVolume.length);
  });

  it('and as CSV', async () => {
    const res = await get(`/reports/${goodId}/rows?section=III&format=csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain(`${goodId}-section-III.csv`);
    expect(res.text.split('\r\n')[0]).toBe('rowIndex,jurisdiction,aor,dateEnacted,policy,criteria,page');
    const ii = await get(`/reports/${goodId}/rows?section=II&format=csv`).expect(200);
    expect(ii.text.trimEnd().split('\r\n')).toHaveLength(1 + 6);
  });

  it('400 names a missing or wrong section or format', async () => {
    expect((await get(`/reports/${goodId}/rows`).expect(400)).body.message).toContain(
      'section must be I, II or III',
    );
    expect((await get(`/reports/${goodId}/rows?section=IV`).expect(400)).body.message).toContain(
      'section must be I, II or III',
    );
    expect((await get(`/reports/${goodId}/rows?section=I&format=xml`).expect(400)).body.message).toContain(
      'format must be json or csv',
    );
  });
});

describe('GET /reports', () => {
  it('pages through reports, newest first, filterable by status', async () => {
    const all = await get('/reports').expect(200);
    expect(all.body.total).toBe(2);
    expect(all.body.items.map((r: { reportId: string }) => r.reportId).sort()).toEqual(
      [goodId, badId].sort(),
    );
    const first = await get('/reports?limit=1').expect(200);
    const second = await get('/reports?limit=1&offset=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(second.body.items[0].reportId).not.toBe(first.body.items[0].reportId);
    const rejected = await get('/reports?status=rejected').expect(200);
    expect(rejected.body.items.map((r: { reportId: string }) => r.reportId)).toEqual([badId]);
    expect((await get('/reports?limit=0').expect(400)).body.message).toContain(
      'limit must be a whole number',
    );
  });
});

describe('platform endpoints from the service kit', () => {
  it('answers /health and /ready', async () => {
    await get('/health').expect(200);
    await get('/ready').expect(200);
  });
});

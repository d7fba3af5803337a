jest.setTimeout(120_000);

import { Subjects } from '@detainer-watch/contracts';
import { defaultLayout, generateReport, syntheticContent } from '@detainer-watch/ddor-fixtures';
import { sleep, waitFor, POLL } from '@detainer-watch/testing';
import { sha256, startExtractorHarness, type ExtractorHarness } from './support/harness';

let h: ExtractorHarness;
beforeAll(async () => {
  // A limit no report.extracted can meet, standing in for a report too big for the server's max_payload.
  h = await startExtractorHarness({ EXTRACTOR_MAX_EVENT_BYTES: '4096', EXTRACTOR_WORKER_THREADS: 'false' });
});
afterAll(async () => {
  await h?.close();
});

it('rejects a report whose report.extracted would exceed the message limit as too_large, keeping its extract', async () => {
  const report = await generateReport(
    syntheticContent({ seed: 61, declinedRows: 8, policies: 2 }),
    defaultLayout,
  );
  const reportId = sha256(report.pdf);
  await h.publishFetched(report.pdf);
  const [rejected] = await waitFor(
    async () => {
      const r = (await h.read(Subjects.ReportRejected)).filter((e) => e.data.reportId === reportId);
      return r.length ? r : undefined;
    },
    { ...POLL, message: 'report.rejected' },
  );
  expect(rejected.id).toBe(`${reportId}:rejected`);
  expect(rejected.data.reason).toBe('too_large');
  expect(rejected.data.message).toMatch(
    /8 Section II rows\) makes a report\.extracted event of \d+ bytes, more than the 3072 bytes/,
  );
  expect(rejected.data.message).toContain(`GET /reports/${reportId}/extract`);
  await sleep(300);
  // Never a partial picture: no report.extracted and no row events.
  expect(await h.read(Subjects.ReportExtracted)).toEqual([]);
  expect(await h.read(Subjects.DetainerDeclined)).toEqual([]);
  const stored = await h.reports.findWithExtract(reportId);
  expect(stored).toMatchObject({ status: 'rejected', reason: 'too_large', declinedCount: 8 });
  expect(stored!.extract!.declined).toEqual(report.truth.declined);
});

jest.setTimeout(120_000);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Subjects } from '@detainer-watch/contracts';
import {
  badPdfs,
  defaultLayout,
  generateReport,
  syntheticContent,
  type BadPdfs,
  type GeneratedReport,
} from '@detainer-watch/ddor-fixtures';
import { sleep, waitFor, POLL } from '@detainer-watch/testing';
import { sha256, startExtractorHarness, type ExtractorHarness } from './support/harness';

let h: ExtractorHarness;
let report: GeneratedReport;
let bad: BadPdfs;

beforeAll(async () => {
  [h, report, bad] = await Promise.all([
    startExtractorHarness(),
    generateReport(syntheticContent({ seed: 41, declinedRows: 14, policies: 3 }), defaultLayout),
    badPdfs(),
  ]);
});
afterAll(async () => {
  await h?.close();
});

const eventsOf = async (reportId: string) => ({
  extracted: (await h.read(Subjects.ReportExtracted)).filter((e) => e.data.reportId === reportId),
  declined: (await h.read(Subjects.DetainerDeclined)).filter((e) => e.data.reportId === reportId),
  rejected: (await h.read(Subjects.ReportRejected)).filter((e) => e.data.reportId === reportId),
});

describe('report.fetched → pdf-extractor → JetStream', () => {
  it('publishes exactly one report.extracted and one detainer.declined per Section II row, with the expected ids', async () => {
    const reportId = sha256(report.pdf);
    const fetched = await h.publishFetched(report.pdf);
    const rows = report.truth.declined.length;
    const events = await waitFor(
      async () => {
        const e = await eventsOf(reportId);
        return e.extracted.length === 1 && e.declined.length === rows ? e : undefined;
      },
      { ...POLL, message: 'the report and all its rows on the stream' },
    );
    expect(events.rejected).toEqual([]);

    const [extracted] = events.extracted;
    expect(extracted.id).toBe(`${reportId}:extracted`);
    expect(extracted.reportid).toBe(reportId);
    expect(extracted.data.sourceUrl).toBe(fetched.data.source.url);
    expect(extracted.data.supersedes).toBeNull();
    const x = extracted.data.extract;
    expect(x.reportId).toBe(reportId);
    expect(x.pageCount).toBe(report.truth.pageCount);
    expect(x.declined).toEqual(report.truth.declined);
    expect(x.highestVolume).toEqual(report.truth.highestVolume);
    expect(x.policies).toEqual(report.truth.policies);

    expect(events.declined.map((e) => e.id).sort()).toEqual(
      report.truth.declined.map((_, i) => `${reportId}:${i}`).sort(),
    );
    for (const e of events.declined) {
      const row = report.truth.declined[e.data.rowIndex];
      expect(e.reportid).toBe(reportId);
      expect(e.data).toEqual({
        schemaVersion: 1,
        reportId,
        rowIndex: e.data.rowIndex,
        rowCount: rows,
        period: { start: report.truth.periodStart, end: report.truth.periodEnd },
        sourceUrl: fetched.data.source.url,
        ...row,
      });
    }

    const stored = await h.reports.findWithExtract(reportId);
    expect(stored).toMatchObject({
      status: 'extracted',
      reason: null,
      pageCount: report.truth.pageCount,
      declinedCount: rows,
      highestVolumeCount: report.truth.highestVolume.length,
      policyCount: report.truth.policies.length,
      fetchedEventId: fetched.id,
      sourceUrl: fetched.data.source.url,
      periodStart: report.truth.periodStart,
      periodEnd: report.truth.periodEnd,
    });
    expect(stored!.extract).toEqual(x);
  });

  it('publishes nothing twice when the same report.fetched is delivered again, or the report is fetched again', async () => {
    const other = await generateReport(
      syntheticContent({ seed: 42, declinedRows: 5, policies: 2 }),
      defaultLayout,
    );
    const reportId = sha256(other.pdf);
    // Every publish the broker acknowledged, duplicates included: what the outbox sent, though sent rows leave it.
    const published = async (subject: string): Promise<number> => {
      const text = await (await fetch(`${h.service.url}/metrics`)).text();
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`detainer_events_published_total{subject="${subject}"`));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = {
      extracted: await published('report.extracted'),
      declined: await published('detainer.declined'),
    };
    const first = await h.publishFetched(other.pdf);
    await waitFor(async () => ((await eventsOf(reportId)).declined.length === 5 ? true : undefined), {
      ...POLL,
      message: 'the first extraction',
    });
    // The very same event as a new stream message (past JetStream's dedupe, as after its window): the inbox stops it.
    await h.publishRaw(Subjects.ReportFetched, first, `${first.id}:again`);
    // A second report.fetched for the same bytes (fetched again from elsewhere): the reports table stops it.
    await h.publishFetched(other.pdf);
    const marker = await h.publishFetched(bad.notADdor);
    await waitFor(
      async () => ((await eventsOf(marker.data.reportId)).rejected.length === 1 ? true : undefined),
      { ...POLL, message: 'the marker queued behind them' },
    );
    expect((await h.read(Subjects.ReportFetched)).filter((e) => e.id === first.id)).toHaveLength(2);
    await sleep(500); // give the relay time to publish anything a duplicate might have enqueued
    const events = await eventsOf(reportId);
    expect(events.extracted).toHaveLength(1);
    expect(events.declined).toHaveLength(5);
    // Sent once: one report.extracted and five rows went out, and nothing of this report waits in the outbox.
    expect(await published('report.extracted')).toBe(before.extracted + 1);
    expect(await published('detainer.declined')).toBe(before.declined + 5);
    await waitFor(
      async () => {
        const outbox: { n: string }[] = await h.dataSource.query(
          `SELECT count(*) AS n FROM "${h.schema}".outbox WHERE report_id = $1`,
          [reportId],
        );
        return Number(outbox[0].n) === 0 ? true : undefined;
      },
      { ...POLL, message: 'the outbox to drain' },
    );
    const inbox: unknown[] = await h.dataSource.query(
      `SELECT 1 FROM "${h.schema}".inbox WHERE event_id = $1`,
      [first.id],
    );
    expect(inbox).toHaveLength(1);
    const { items } = await h.reports.list({ limit: 200, offset: 0 });
    expect(items.filter((r) => r.reportId === reportId)).toHaveLength(1);
  });

  describe('bad PDFs are rejected with the right reason, and the consumer keeps going', () => {
    const cases: [keyof BadPdfs, string][] = [
      ['encrypted', 'encrypted'],
      ['truncated', 'corrupt'],
      ['zeroByte', 'empty'],
      ['scanned', 'no_text_layer'],
      ['notADdor', 'not_a_ddor'],
    ];
    it.each(cases)('%s → report.rejected (%s)', async (name, reason) => {
      const bytes = bad[name];
      const reportId = sha256(bytes);
      await h.publishFetched(bytes);
      const events = await waitFor(
        async () => {
          const e = await eventsOf(reportId);
          return e.rejected.length === 1 ? e : undefined;
        },
        { ...POLL, message: `report.rejected for ${name}` },
      );
      const [rejected] = events.rejected;
      expect(rejected.id).toBe(`${reportId}:rejected`);
      expect(rejected.data.reason).toBe(reason);
      expect(rejected.data.message.length).toBeGreaterThan(10);
      expect(events.extracted).toEqual([]);
      expect(events.declined).toEqual([]);
      expect(await h.reports.findSummary(reportId)).toMatchObject({
        status: 'rejected',
        reason,
        message: rejected.data.message,
        declinedCount: null,
      });
    });

    it('then extracts the next good report', async () => {
      const next = await generateReport(
        syntheticContent({ seed: 44, declinedRows: 3, policies: 1 }),
        defaultLayout,
      );
      const reportId = sha256(next.pdf);
      await h.publishFetched(next.pdf);
      await waitFor(async () => ((await eventsOf(reportId)).declined.length === 3 ? true : undefined), {
        ...POLL,
        message: 'the next report',
      });
    });
  });

  it('rejects a PDF over the size limit as too_large without reading it', async () => {
    const reportId = sha256(report.pdf.subarray(1));
    await h.publishFetched(report.pdf.subarray(1), {
      sizeBytes: 60 * 1024 * 1024,
      objectKey: 'never-stored.pdf',
    });
    const events = await waitFor(
      async () => {
        const e = await eventsOf(reportId);
        return e.rejected.length === 1 ? e : undefined;
      },
      { ...POLL, message: 'too_large' },
    );
    expect(events.rejected[0].data.reason).toBe('too_large');
    expect(events.rejected[0].data.message).toMatch(/62914560 bytes .*at most 52428800/);
  });

  it('retries when the bytes are missing from the object store, then dead-letters with a clear error', async () => {
    const fake = new TextEncoder().encode(`missing-${Date.now()}`);
    const reportId = sha256(fake);
    const event = await h.publishFetched(fake, { objectKey: `${reportId}.pdf` });
    const dead = await waitFor(
      async () => {
        const all = await h.bus.readDeadLetters(Subjects.ReportFetched);
        return all.find((d) => JSON.parse(d.original).id === event.id);
      },
      { ...POLL, message: 'the dead letter' },
    );
    expect(dead.deliveryCount).toBe(2); // EXTRACTOR_MAX_DELIVER=2 reached the consumer
    expect(dead.kind).toBe('max_deliver');
    expect(dead.error).toContain(
      `ReportBytesMissing: report ${reportId}: no bytes under object key '${reportId}.pdf'`,
    );
    expect(await h.reports.has(reportId)).toBe(false);
    expect((await eventsOf(reportId)).rejected).toEqual([]);
  });

  it('dead-letters bytes whose sha256 is not the report id', async () => {
    const reportId = 'f'.repeat(64);
    const event = await h.publishFetched(report.pdf, { reportId });
    const dead = await waitFor(
      async () => {
        const all = await h.bus.readDeadLetters(Subjects.ReportFetched);
        return all.find((d) => JSON.parse(d.original).id === event.id);
      },
      { ...POLL, message: 'the dead letter' },
    );
    expect(dead.error).toContain(`ReportBytesMismatch: report ${reportId}`);
    expect(dead.error).toContain(`sha256 ${sha256(report.pdf)}`);
  });
});

describe('timing of a 35-page realistic report (committed fixture)', () => {
  it('publish → report.extracted visible', async () => {
    const file = join(__dirname, '../../../libs/ddor-fixtures/fixtures/week1-ice-letter-landscape.pdf');
    const bytes = new Uint8Array(readFileSync(file));
    const truth = JSON.parse(readFileSync(file.replace(/\.pdf$/, '.truth.json'), 'utf8'));
    const reportId = sha256(bytes);
    const started = performance.now();
    await h.publishFetched(bytes);
    const extracted = await waitFor(
      async () => {
        const e = (await h.read(Subjects.ReportExtracted)).find((x) => x.data.reportId === reportId);
        return e;
      },
      { ...POLL, timeoutMs: 90_000, message: 'report.extracted' },
    );
    const ms = performance.now() - started;
    expect(extracted.data.extract.pageCount).toBe(35);
    expect(extracted.data.extract.declined).toHaveLength(truth.declined.length);
    await waitFor(
      async () => ((await eventsOf(reportId)).declined.length === truth.declined.length ? true : undefined),
      { ...POLL, message: 'its 206 rows' },
    );
    process.stdout.write(
      `pdf-extractor: 35-page report, publish → report.extracted visible in ${ms.toFixed(0)} ms\n`,
    );
  });
});

import { badPdfs, defaultLayout, generateReport, syntheticContent } from '@detainer-watch/ddor-fixtures';
import { InlineExtractor } from './inline-extractor';
import { WorkerThreadExtractor } from './worker-thread-extractor';

jest.setTimeout(60_000);

const request = { reportId: 'd'.repeat(64), maxPages: 200 };
const report = async (seed: number) =>
  generateReport(syntheticContent({ seed, declinedRows: 3, policies: 1 }), defaultLayout);

describe('WorkerThreadExtractor', () => {
  const worker = new WorkerThreadExtractor({ timeoutMs: 60_000, memoryMb: 256 });
  afterAll(() => worker.close());

  it('returns what the inline extractor returns', async () => {
    const { pdf, truth } = await generateReport(
      syntheticContent({ seed: 5, declinedRows: 4, policies: 1 }),
      defaultLayout,
    );
    const [a, b] = await Promise.all([
      worker.extract(pdf, request),
      new InlineExtractor().extract(pdf, request),
    ]);
    expect(a).toEqual(b);
    expect(a.kind === 'extracted' && a.extract.declined).toEqual(truth.declined);
  });

  it('maps the library rejections (encrypted, too_many_pages) and leaves the caller its bytes', async () => {
    const { encrypted } = await badPdfs();
    const before = Buffer.from(encrypted);
    expect(await worker.extract(encrypted, request)).toMatchObject({ kind: 'rejected', reason: 'encrypted' });
    expect(Buffer.from(encrypted).equals(before)).toBe(true);
    const { pdf } = await report(6);
    expect(await worker.extract(pdf, { ...request, maxPages: 1 })).toMatchObject({
      kind: 'rejected',
      reason: 'too_many_pages',
      message: expect.stringContaining('at most 1 are accepted'),
    });
  });

  it('keeps one worker warm for reports read one after another, and one per report read at once', async () => {
    const pool = new WorkerThreadExtractor({ timeoutMs: 60_000, memoryMb: 256 });
    try {
      const pdfs = await Promise.all([1, 2, 3].map(async (seed) => (await report(seed)).pdf));
      for (const pdf of pdfs) expect(await pool.extract(pdf, request)).toMatchObject({ kind: 'extracted' });
      expect(pool.workers).toBe(1);
      const together = await Promise.all(pdfs.map((pdf) => pool.extract(pdf, request)));
      expect(together.map((o) => o.kind)).toEqual(['extracted', 'extracted', 'extracted']);
      expect(pool.workers).toBe(3);
    } finally {
      await pool.close();
    }
    expect(pool.workers).toBe(0);
    await expect(pool.extract(new Uint8Array(1), request)).rejects.toThrow('the extractor is shut down');
  });

  it('starts one worker with pdf.js loaded before the first report, and that worker reads it', async () => {
    const pool = new WorkerThreadExtractor({ timeoutMs: 60_000, memoryMb: 256 });
    try {
      await pool.onModuleInit();
      expect(pool.workers).toBe(1);
      await pool.onModuleInit();
      expect(pool.workers).toBe(1);
      const { pdf } = await report(7);
      expect(await pool.extract(pdf, request)).toMatchObject({ kind: 'extracted' });
      // A second worker would mean the report did not go to the warm one.
      expect(pool.workers).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('with maxWorkers, reports read at once wait for a free worker, first come first served', async () => {
    const pool = new WorkerThreadExtractor({ timeoutMs: 60_000, memoryMb: 256, maxWorkers: 1 });
    try {
      const pdfs = await Promise.all([1, 2, 3].map(async (seed) => (await report(seed)).pdf));
      const finished: number[] = [];
      const outcomes = await Promise.all(
        pdfs.map((pdf, i) =>
          pool.extract(pdf, { ...request, reportId: String(i).repeat(64) }).then((o) => {
            finished.push(i);
            return o;
          }),
        ),
      );
      expect(outcomes.map((o) => o.kind)).toEqual(['extracted', 'extracted', 'extracted']);
      expect(finished).toEqual([0, 1, 2]);
      expect(pool.workers).toBe(1);
      // A report waiting when the pool closes fails, naming why; the one being read finishes.
      const reading = pool.extract(pdfs[0]!, request);
      const waiting = pool.extract(pdfs[1]!, request);
      await pool.close();
      await expect(waiting).rejects.toThrow('the extractor is shut down');
      expect(await reading).toMatchObject({ kind: 'extracted' });
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker after reportsPerWorker reports', async () => {
    const pool = new WorkerThreadExtractor({ timeoutMs: 60_000, memoryMb: 256, reportsPerWorker: 2 });
    try {
      const { pdf } = await report(8);
      await pool.extract(pdf, request);
      expect(pool.workers).toBe(1);
      await pool.extract(pdf, request);
      expect(pool.workers).toBe(0);
      expect(await pool.extract(pdf, request)).toMatchObject({ kind: 'extracted' });
      expect(pool.workers).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('stops an extraction that runs past the timeout, naming the report, and does not reuse that worker', async () => {
    const { pdf } = await report(7);
    const hurried = new WorkerThreadExtractor({ timeoutMs: 1, memoryMb: 256 });
    try {
      await expect(hurried.extract(pdf, request)).rejects.toThrow(
        `extraction of report ${request.reportId} took longer than 1 ms`,
      );
      expect(hurried.workers).toBe(0);
    } finally {
      await hurried.close();
    }
  });
});

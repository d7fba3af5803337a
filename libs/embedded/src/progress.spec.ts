import { createEvent, Subjects } from '@detainer-watch/contracts';
import { InProcessBus } from '@detainer-watch/messaging';
import pino from 'pino';
import { reportFetched } from '../test/report-fetched';
import { formatProgress, ProgressReporter, type ProgressLine } from './progress';

const reportId = 'ab'.repeat(32);

describe('ProgressReporter', () => {
  it('reports a fetched and a rejected report with the report id prefix, without colour off a terminal', async () => {
    const bus = new InProcessBus({ logger: pino({ level: 'silent' }) });
    const lines: ProgressLine[] = [];
    const progress = new ProgressReporter((l) => lines.push(l), 'written');
    await progress.attach(bus);
    await bus.publish(Subjects.ReportFetched, reportFetched(reportId));
    await bus.publish(
      Subjects.ReportRejected,
      createEvent(Subjects.ReportRejected, {
        id: `report.rejected:${reportId}`,
        source: 'pdf-extractor',
        reportId,
        data: {
          schemaVersion: 1,
          reportId,
          sourceUrl: null,
          reason: 'not_a_ddor',
          message: 'no DDOR section headings found',
          rejectedAt: '2026-11-23T12:00:01.000Z',
        },
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    await progress.detach();
    await bus.close();

    const text = lines.map((l) => formatProgress(l, false).slice(9));
    expect(text).toEqual([
      '[abababab] report picked up (inbox: week1.pdf, 74 KB)',
      '[abababab] report rejected (not_a_ddor): no DDOR section headings found',
    ]);
    expect(lines[1]!.kind).toBe('problem');
    expect(formatProgress(lines[0]!, false)).not.toContain('\x1b[');
    expect(formatProgress(lines[0]!, true)).toContain('\x1b[');
  });
});

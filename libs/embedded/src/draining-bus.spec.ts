import { Subjects } from '@detainer-watch/contracts';
import { InProcessBus } from '@detainer-watch/messaging';
import pino from 'pino';
import { reportFetched } from '../test/report-fetched';
import { DrainingBus } from './draining-bus';

const reportId = 'cd'.repeat(32);
const fetched = reportFetched(reportId);

describe('DrainingBus', () => {
  it('counts a delivery as owed until its handler returns, and is idle only after the settle time', async () => {
    const bus = new DrainingBus(new InProcessBus({ logger: pino({ level: 'silent' }) }));
    let release!: () => void;
    const handled = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    await bus.consume({ subject: Subjects.ReportFetched, durable: 'extractor' }, async () => {
      started();
      await handled;
    });

    await bus.publish(Subjects.ReportFetched, fetched);
    await handlerStarted;
    expect(bus.pending).toBe(1);
    expect(bus.isIdle(0)).toBe(false);

    release();
    expect(await bus.whenIdle(5000, 0)).toBe(true);
    expect(bus.pending).toBe(0);
    // The count is zero, but a handler just returned: its outbox rows may still be on their way to the bus.
    expect(bus.isIdle(60_000)).toBe(false);

    // The bus drops a second publish of the same id, so nothing more is owed.
    await bus.publish(Subjects.ReportFetched, fetched);
    expect(bus.pending).toBe(0);
  });

  it('gives up waiting at the timeout while work is still owed', async () => {
    const bus = new DrainingBus(new InProcessBus({ logger: pino({ level: 'silent' }) }));
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    await bus.consume({ subject: Subjects.ReportFetched, durable: 'extractor' }, () => stuck);
    await bus.publish(Subjects.ReportFetched, fetched);
    expect(await bus.whenIdle(300, 0)).toBe(false);
    expect(bus.pending).toBe(1);
    release();
    expect(await bus.whenIdle(5000, 0)).toBe(true);
  });
});

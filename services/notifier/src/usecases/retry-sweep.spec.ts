import pino from 'pino';
import { OneAtATime } from './one-at-a-time';
import { RetrySweeper, type RetrySweepDeps } from './retry-sweep';

describe('RetrySweeper', () => {
  it("waits for the alert run in flight before it runs a swept report's alerts", async () => {
    const alertRuns = new OneAtATime();
    const order: string[] = [];
    let finishHeld!: () => void;
    const held = alertRuns.run(
      () =>
        new Promise<void>((resolve) => {
          order.push('run in flight starts');
          finishHeld = () => {
            order.push('run in flight ends');
            resolve();
          };
        }),
    );
    const alerts = {
      alertRuns,
      reports: {
        progress: async (reportId: string) => {
          order.push(`sweep reads ${reportId}`);
          return null; // incomplete: nothing to send
        },
      },
    } as unknown as RetrySweepDeps['alerts'];
    const sweeper = new RetrySweeper({
      reportsDue: async () => ['report-a'],
      alerts,
      confirmations: {
        watches: { dueConfirmations: async () => [] },
      } as unknown as RetrySweepDeps['confirmations'],
      intervalMs: 60_000,
      logger: pino({ level: 'silent' }),
    });
    const sweep = sweeper.runOnce();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['run in flight starts']);
    finishHeld();
    await held;
    expect(await sweep).toEqual({ reports: 1, sent: 0, failed: 0, confirmations: 0 });
    expect(order).toEqual(['run in flight starts', 'run in flight ends', 'sweep reads report-a']);
  });
});

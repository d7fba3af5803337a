import type { CheckResult } from '../checking/check-source';
import { initialSourceState } from '../checking/source-health';
import type { SourceConfig } from '../sources/source.config';
import { SourceScheduler } from './source-scheduler';

const inbox = (id: string, cron: string, enabled = true): SourceConfig => ({
  id,
  kind: 'inbox',
  path: '/nowhere',
  cron,
  enabled,
  timezone: 'UTC',
});

describe('SourceScheduler', () => {
  it('runs enabled sources on their cron and skips disabled ones', async () => {
    const checked: string[] = [];
    const checker = {
      check: async (s: SourceConfig): Promise<CheckResult> => {
        checked.push(s.id);
        return { sourceId: s.id, ok: true, error: null, results: [], state: initialSourceState(s.id) };
      },
    };
    const scheduler = new SourceScheduler(
      [
        inbox('every-second', '* * * * * *'),
        inbox('weekly', '0 6 * * 1'),
        inbox('off', '* * * * * *', false),
      ],
      checker,
    );
    scheduler.start();
    try {
      expect(scheduler.scheduled().map((s) => s.sourceId)).toEqual(['every-second', 'weekly']);
      expect(new Date(scheduler.scheduled()[1].nextRunAt!).getUTCDay()).toBe(1);
      await new Promise((r) => setTimeout(r, 1_300));
      expect(checked).toContain('every-second');
      expect(checked).not.toContain('off');
      expect(checked).not.toContain('weekly');
    } finally {
      scheduler.stop();
    }
    expect((await scheduler.checkNow('off')).sourceId).toBe('off');
    await expect(scheduler.checkNow('nope')).rejects.toThrow(/no configured source with id "nope"/);
  });
});

import { parseEvent, Subjects } from '@detainer-watch/contracts';
import { afterCheck } from './source-health';

const t = (n: number) => new Date(Date.UTC(2017, 2, 20, 6, n));

describe('afterCheck', () => {
  it('publishes failing once at the threshold and recovered on the next success', () => {
    let state = afterCheck(null, 'ice', 'https://www.ice.gov/x', { ok: true }, 3, t(0)).state;
    const events = [];
    for (let i = 1; i <= 5; i++) {
      const r = afterCheck(
        state,
        'ice',
        'https://www.ice.gov/x',
        { ok: false, reason: `HTTP 503 (${i})` },
        3,
        t(i),
      );
      state = r.state;
      if (r.event) events.push(r.event);
    }
    expect(state.consecutiveFailures).toBe(5);
    expect(state.lastError).toBe('HTTP 503 (5)');
    expect(state.lastSuccessAt).toBe(t(0).toISOString());
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({
      status: 'failing',
      consecutiveFailures: 3,
      reason: 'HTTP 503 (3)',
    });

    const recovered = afterCheck(state, 'ice', 'https://www.ice.gov/x', { ok: true }, 3, t(9));
    expect(recovered.event?.data).toMatchObject({
      status: 'recovered',
      reason: 'HTTP 503 (5)',
      consecutiveFailures: 5,
      lastSuccessAt: t(0).toISOString(),
      at: t(9).toISOString(),
    });
    expect(recovered.event?.id).toBe(`report.fetch_failed:ice:${t(1).toISOString()}:recovered`);
    expect(parseEvent(Subjects.ReportFetchFailed, recovered.event)).toBeTruthy();
    expect(recovered.state).toMatchObject({
      consecutiveFailures: 0,
      failingSince: null,
      failingReported: false,
    });
    // A success after a success publishes nothing.
    expect(afterCheck(recovered.state, 'ice', null, { ok: true }, 3, t(10)).event).toBeNull();
  });

  it('does not publish recovered for failures that never reached the threshold', () => {
    const failed = afterCheck(null, 'ice', null, { ok: false, reason: 'x' }, 3, t(1)).state;
    expect(afterCheck(failed, 'ice', null, { ok: true }, 3, t(2)).event).toBeNull();
  });
});

import { backoffDelay, checkRetrySettings } from './backoff';

describe('backoffDelay', () => {
  it('uses the entry for the failed attempt and repeats the last one', () => {
    const schedule = [100, 500, 2000];
    expect([1, 2, 3, 4, 9].map((n) => backoffDelay(schedule, n))).toEqual([100, 500, 2000, 2000, 2000]);
  });

  it('retries at once with an empty schedule', () => {
    expect(backoffDelay([], 3)).toBe(0);
  });

  it('rejects a delivery count below 1', () => {
    expect(() => backoffDelay([100], 0)).toThrow('deliveryCount must be a positive integer, got 0');
  });
});

describe('checkRetrySettings', () => {
  it('names the consumer and the bad value', () => {
    expect(() => checkRetrySettings('svc_a', 0, [])).toThrow(
      'consumer svc_a: maxDeliver must be an integer >= 1, got 0',
    );
    expect(() => checkRetrySettings('svc_a', 3, [10, -1])).toThrow(
      'backoffMs entries must be finite and >= 0, got -1',
    );
    expect(() => checkRetrySettings('svc_a', 3, [10, 20])).not.toThrow();
  });
});

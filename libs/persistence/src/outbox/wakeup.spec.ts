import { Wakeup } from './wakeup';

describe('Wakeup', () => {
  it('wakes a waiter at once when signalled', async () => {
    const w = new Wakeup();
    const started = Date.now();
    const waiting = w.wait(10_000);
    w.signal();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('remembers a signal raised while nobody waited, once', async () => {
    const w = new Wakeup();
    w.signal();
    w.signal();
    const started = Date.now();
    await w.wait(10_000);
    expect(Date.now() - started).toBeLessThan(1000);
    await w.wait(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('times out without a signal', async () => {
    const started = Date.now();
    await new Wakeup().wait(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});

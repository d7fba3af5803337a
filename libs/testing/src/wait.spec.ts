import { sleep, waitFor, within, WaitAborted, WaitTimeoutError } from './wait';

describe('waitFor', () => {
  it('returns the first value that is not undefined or false, and keeps polling until then', async () => {
    const results: (number | undefined | false)[] = [undefined, false, 0, 7];
    let calls = 0;
    const value = await waitFor(() => results[calls++], { timeoutMs: 1000, intervalMs: 1, message: 'x' });
    expect(value).toBe(0);
    expect(calls).toBe(3);
  });

  it('returns true for a boolean predicate once it holds', async () => {
    let calls = 0;
    await expect(
      waitFor(async () => ++calls === 3, { timeoutMs: 1000, intervalMs: 1, message: 'x' }),
    ).resolves.toBe(true);
    expect(calls).toBe(3);
  });

  it('times out with an error naming what was awaited, followed by the context', async () => {
    const wait = waitFor(() => false, {
      timeoutMs: 30,
      intervalMs: 5,
      message: 'the answer',
      context: async () => 'log tail',
    });
    await expect(wait).rejects.toThrow(WaitTimeoutError);
    await expect(wait).rejects.toThrow(/^timed out after 30 ms waiting for the answer\nlog tail$/);
  });

  it('retries a probe that throws, and names its last error on timeout', async () => {
    let calls = 0;
    const wait = waitFor(
      () => {
        throw new Error(`attempt ${++calls} failed`);
      },
      { timeoutMs: 30, intervalMs: 5, message: 'a probe that fails' },
    );
    const error = await wait.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(calls).toBeGreaterThan(1);
    expect((error as Error).message).toBe(
      `timed out after 30 ms waiting for a probe that fails; last attempt failed: attempt ${calls} failed`,
    );
  });

  it('ends at once when the probe throws WaitAborted', async () => {
    let calls = 0;
    const wait = waitFor(
      () => {
        calls++;
        throw new WaitAborted('the process exited');
      },
      { timeoutMs: 10_000, message: 'x' },
    );
    await expect(wait).rejects.toThrow(WaitAborted);
    expect(calls).toBe(1);
  });
});

describe('within', () => {
  it("resolves with the promise's value, or with null when the time runs out first", async () => {
    await expect(within(Promise.resolve('done'), 1000)).resolves.toBe('done');
    await expect(within(sleep(100), 5)).resolves.toBeNull();
  });
});

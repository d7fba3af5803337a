import { OneAtATime } from './one-at-a-time';

describe('OneAtATime', () => {
  it('runs tasks one after another in call order, and a failure does not stop the next', async () => {
    const serial = new OneAtATime();
    const log: string[] = [];
    let running = 0;
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        running++;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        running--;
        if (fail) throw new Error(`${name} failed`);
        return name;
      };
    const results = await Promise.allSettled([
      serial.run(task('a', 20)),
      serial.run(task('b', 1, true)),
      serial.run(task('c', 5)),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'b failed',
      'c',
    ]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});

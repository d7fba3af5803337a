import { TaskPool } from './concurrency';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TaskPool', () => {
  it('never runs more than the limit at once and waits for all on idle()', async () => {
    const pool = new TaskPool(2);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 6; i++) {
      await pool.submit(async () => {
        active++;
        peak = Math.max(peak, active);
        await tick(5);
        active--;
        done.push(i);
      });
    }
    await pool.idle();
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps arrival order with a limit of 1, even when a task fails', async () => {
    const pool = new TaskPool(1);
    const order: number[] = [];
    for (let i = 0; i < 4; i++) {
      await pool.submit(async () => {
        await tick(4 - i);
        order.push(i);
        if (i === 1) throw new Error('boom');
      });
    }
    await pool.idle();
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('rejects a limit below 1', () => {
    expect(() => new TaskPool(0)).toThrow('concurrency must be an integer >= 1, got 0');
  });
});

import pino from 'pino';
import { runShutdown } from './shutdown';

const silent = pino({ level: 'silent' });

describe('runShutdown', () => {
  it('runs every step in order, even after one fails', async () => {
    const ran: string[] = [];
    await runShutdown(
      [
        { name: 'a', run: async () => void ran.push('a') },
        { name: 'b', run: async () => Promise.reject(new Error('broken')) },
        { name: 'c', run: async () => void ran.push('c') },
      ],
      1000,
      silent,
    );
    expect(ran).toEqual(['a', 'c']);
  });

  it('gives up after the timeout, naming the step that hung', async () => {
    await expect(
      runShutdown(
        [
          { name: 'quick', run: async () => undefined },
          { name: 'drain consumers', run: () => new Promise(() => undefined) },
        ],
        50,
        silent,
      ),
    ).rejects.toThrow('shutdown did not finish within 50 ms: stuck at "drain consumers"');
  });
});

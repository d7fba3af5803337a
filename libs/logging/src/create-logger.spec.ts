import { PassThrough } from 'node:stream';
import { createLogger } from './create-logger';
import { runWithEventContext } from './event-context';

function capture() {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { stream, lines };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('createLogger', () => {
  it('writes JSON with the service name, level label and ISO time', async () => {
    const { stream, lines } = capture();
    createLogger({ service: 'notifier', destination: stream }).info({ watchId: 'w1' }, 'sent');
    await tick();
    expect(lines[0]).toMatchObject({ service: 'notifier', level: 'info', watchId: 'w1', msg: 'sent' });
    expect(String(lines[0].time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('honours the level', async () => {
    const { stream, lines } = capture();
    const log = createLogger({ service: 's', level: 'warn', destination: stream });
    log.info('hidden');
    log.warn('shown');
    await tick();
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('redacts emails, addresses, passwords and authorization wherever they sit', async () => {
    const { stream, lines } = capture();
    createLogger({ service: 's', destination: stream }).info(
      {
        email: 'a@example.org',
        watch: { email: 'b@example.org', address: '1 Main St' },
        smtp: { auth: { password: 'pw' } },
        req: { headers: { authorization: 'Bearer t', cookie: 'sid=1', accept: 'x' } },
      },
      'm',
    );
    await tick();
    const text = JSON.stringify(lines[0]);
    for (const secret of ['a@example.org', 'b@example.org', '1 Main St', '"pw"', 'Bearer t', 'sid=1']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ watch: { email: '[redacted]' }, req: { headers: { accept: 'x' } } });
  });

  it('adds the ids of the event being handled to every line, across awaits and child loggers', async () => {
    const { stream, lines } = capture();
    const log = createLogger({ service: 's', destination: stream });
    const child = log.child({ component: 'relay' });
    await runWithEventContext({ eventId: 'e1', reportId: 'r1', subject: 'report.fetched' }, async () => {
      log.info('before');
      await new Promise((r) => setTimeout(r, 5));
      child.info('after');
    });
    log.info('outside');
    await tick();
    expect(lines.map((l) => [l.msg, l.eventId, l.reportId, l.subject])).toEqual([
      ['before', 'e1', 'r1', 'report.fetched'],
      ['after', 'e1', 'r1', 'report.fetched'],
      ['outside', undefined, undefined, undefined],
    ]);
  });
});

import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import pinoHttp, { type Options as PinoHttpOptions } from 'pino-http';
import { createLogger } from './create-logger';
import { nestLoggerParams } from './nest-logger';

// Exercises the params through pino-http itself (what nestjs-pino mounts) on a real HTTP server.
describe('nestLoggerParams', () => {
  it('logs method, path and status of requests but no headers, bodies or query strings, and skips probes', async () => {
    const stream = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    stream.on('data', (c: Buffer) =>
      c
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((l) => lines.push(JSON.parse(l))),
    );
    const logger = createLogger({ service: 'api', destination: stream });
    const options = nestLoggerParams(logger).pinoHttp as PinoHttpOptions;
    const middleware = pinoHttp(options);
    const server = createServer((req, res) => {
      middleware(req, res);
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    const send = (path: string, body = '') =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          { port, path, method: 'POST', headers: { authorization: 'Bearer s3cret' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve());
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      await send('/health');
      await send('/watches?token=tok3n', JSON.stringify({ email: 'person@example.org' }));
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      server.close();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: 'api',
      req: { method: 'POST', url: '/watches' },
      res: { statusCode: 200 },
    });
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('person@example.org');
    expect(text).not.toContain('tok3n');
  });
});

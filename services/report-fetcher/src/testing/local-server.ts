import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface LocalServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  url(path: string): string;
  /** Every request received, in order: method, path and headers. */
  requests: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a random port, for tests; unknown paths answer 404. */
export async function startLocalServer(): Promise<LocalServer> {
  const routes = new Map<string, Handler>();
  const requests: LocalServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const handler = routes.get(path.split('?')[0]);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(handler(req, res)).catch((e) => res.destroy(e as Error));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    requests,
    route: (path, handler) => routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Bytes that look like a PDF to the fetcher (which checks only the header): `%PDF-1.7`, a label, padding. */
export function fakePdf(label: string, size = 2048): Buffer {
  const head = Buffer.from(`%PDF-1.7\n% ${label}\n`, 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  const pad = Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20);
  return Buffer.concat([head, pad, tail]);
}

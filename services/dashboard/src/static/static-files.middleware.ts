import { existsSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import type { NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const NOT_STATIC = /^\/(api|health|ready|metrics)(\/|$)/;

/**
 * Serves the built front-end: files under the public folder (hashed assets cached for a year), and index.html for
 * any other page address so the browser app can route it. API, health and metrics paths pass through.
 */
export class StaticFilesMiddleware implements NestMiddleware {
  private readonly root: string;

  constructor(publicDir: string) {
    this.root = resolve(publicDir);
  }

  use(req: Request, res: Response, next: NextFunction) {
    // originalUrl: under a Nest route mount, req.path is relative to the mount point.
    const path = new URL(req.originalUrl, 'http://x').pathname;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_STATIC.test(path)) return next();
    let file: string;
    try {
      file = normalize(join(this.root, decodeURIComponent(path)));
    } catch {
      return next();
    }
    if (file.startsWith(this.root + sep) && existsSync(file) && !file.endsWith(sep)) {
      const immutable = path.startsWith('/assets/');
      return res.sendFile(file, { maxAge: immutable ? '365d' : 0, immutable, dotfiles: 'deny' });
    }
    const index = join(this.root, 'index.html');
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send(`the dashboard front-end is not built: no ${index} (run npm run build:web)`);
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    return res.sendFile(index);
  }
}

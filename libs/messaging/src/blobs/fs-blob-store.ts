import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { BlobInfo, BlobStore } from '../ports';
import { HashingTap, checkBlobKey, chunksOf } from './chunks';

/**
 * Blob storage in a folder, for the embedded single-process mode. Keys are URI-encoded into one flat file name, so
 * no key can reach outside the folder. Writes go to a temp file in the same folder and are renamed into place:
 * a reader sees the old bytes or the new ones, never half a file, and a crash leaves only a `.tmp-*` file behind.
 */
export class FsBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    checkBlobKey(key);
    return join(this.dir, encodeURIComponent(key));
  }

  async put(key: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<BlobInfo> {
    const target = this.pathOf(key);
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `.tmp-${randomUUID()}`);
    const tap = new HashingTap();
    try {
      await pipeline(Readable.from(tap.tap(chunksOf(data))), createWriteStream(tmp, { flags: 'wx' }));
      // Same-content puts replace the file with identical bytes, which readers cannot tell apart from a no-op.
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new Error(`could not store blob '${key}' in ${this.dir}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return { key, size: tap.size, sha256: tap.sha256() };
  }

  async get(key: string): Promise<Uint8Array | null> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of createReadStream(this.pathOf(key))) chunks.push(chunk as Buffer);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

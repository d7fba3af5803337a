import type { BlobInfo, BlobStore } from '../ports';
import { HashingTap, checkBlobKey, chunksOf } from './chunks';

/**
 * Blobs in memory, for an embedded run that must leave nothing on disk (the CLI's one-shot analysis). Everything
 * is lost when the process exits; use `FsBlobStore` when the bytes must survive a restart.
 */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Uint8Array>();

  async put(key: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<BlobInfo> {
    checkBlobKey(key);
    const tap = new HashingTap();
    const parts: Uint8Array[] = [];
    for await (const chunk of tap.tap(chunksOf(data))) parts.push(chunk);
    this.blobs.set(key, new Uint8Array(Buffer.concat(parts)));
    return { key, size: tap.size, sha256: tap.sha256() };
  }

  async get(key: string): Promise<Uint8Array | null> {
    const b = this.blobs.get(key);
    return b ? b.slice() : null;
  }

  async has(key: string): Promise<boolean> {
    return this.blobs.has(key);
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }
}

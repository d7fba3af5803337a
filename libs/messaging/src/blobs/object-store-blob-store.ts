import type { ObjectStore } from 'nats';
import type { BlobInfo, BlobStore } from '../ports';
import { checkBlobKey, chunksOf, sha256Hex } from './chunks';

const DIGEST_PREFIX = 'SHA-256=';

/** The object store records a base64url SHA-256 digest per object; BlobInfo speaks hex like every other sha here. */
export function objectDigestToHex(digest: string): string {
  if (!digest.startsWith(DIGEST_PREFIX)) throw new Error(`object store digest '${digest}' is not SHA-256`);
  return Buffer.from(digest.slice(DIGEST_PREFIX.length), 'base64url').toString('hex');
}

function toReadableStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await it.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await it.return?.(reason);
    },
  });
}

/**
 * PDF bytes in the JetStream Object Store (chunked, so a report never has to fit in one message). `open` yields
 * the bucket; it is called lazily so the bus can exist before it has connected and provisioned.
 */
export class ObjectStoreBlobStore implements BlobStore {
  private store?: Promise<ObjectStore>;

  constructor(
    private readonly open: () => Promise<ObjectStore>,
    private readonly bucket: string,
  ) {}

  private bucketStore(): Promise<ObjectStore> {
    this.store ??= this.open().catch((err: unknown) => {
      this.store = undefined;
      throw new Error(`cannot open object store bucket '${this.bucket}': ${(err as Error).message}`, {
        cause: err,
      });
    });
    return this.store;
  }

  async put(
    key: string,
    data: Uint8Array | AsyncIterable<Uint8Array>,
    meta?: { contentType?: string },
  ): Promise<BlobInfo> {
    checkBlobKey(key);
    const os = await this.bucketStore();
    if (data instanceof Uint8Array) {
      // Whole buffers can be compared before writing, which makes re-storing a known report free. A stream's hash
      // is known only after it was read, so a stream is always written: same bytes, new revision, old chunks purged.
      const existing = await os.info(key);
      const sha256 = sha256Hex(data);
      if (existing && !existing.deleted && objectDigestToHex(existing.digest) === sha256) {
        return { key, size: existing.size, sha256 };
      }
    }
    const metadata = meta?.contentType ? { metadata: { 'content-type': meta.contentType } } : {};
    const info = await os.put({ name: key, ...metadata }, toReadableStream(chunksOf(data)));
    return { key, size: info.size, sha256: objectDigestToHex(info.digest) };
  }

  async get(key: string): Promise<Uint8Array | null> {
    checkBlobKey(key);
    return (await this.bucketStore()).getBlob(key);
  }

  async has(key: string): Promise<boolean> {
    checkBlobKey(key);
    const info = await (await this.bucketStore()).info(key);
    return info !== null && !info.deleted;
  }

  async delete(key: string): Promise<void> {
    checkBlobKey(key);
    const os = await this.bucketStore();
    if (await this.has(key)) await os.delete(key);
  }
}

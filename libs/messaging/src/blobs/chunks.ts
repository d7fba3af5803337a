import { createHash } from 'node:crypto';

/** Bytes given either whole or as a stream, seen as a stream so one code path stores both. */
export async function* chunksOf(data: Uint8Array | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (data instanceof Uint8Array) {
    yield data;
    return;
  }
  yield* data;
}

/** Passes chunks through while counting and hashing them, so a streamed put never holds the whole file. */
export class HashingTap {
  private readonly hash = createHash('sha256');
  size = 0;

  async *tap(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    for await (const chunk of source) {
      this.hash.update(chunk);
      this.size += chunk.byteLength;
      yield chunk;
    }
  }

  sha256(): string {
    return this.hash.digest('hex');
  }
}

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A blob key names one object; `..`, empty segments and control characters would escape or confuse a store. */
export function checkBlobKey(key: string): void {
  if (key.length === 0 || key.length > 512)
    throw new Error(`blob key must be 1-512 characters, got ${key.length}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(key))
    throw new Error(`blob key '${JSON.stringify(key)}' contains control characters`);
  if (key.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) {
    throw new Error(`blob key '${key}' has an empty, '.' or '..' path segment`);
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupStreams, startTestInfra, testBusOptions, type TestInfra } from '@detainer-watch/testing';
import { FsBlobStore, JetStreamBus, MemoryBlobStore, type BlobStore } from '../src';
import { captureLogs } from './support/events';

jest.setTimeout(60_000);

const FIVE_MB = 5 * 1024 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function* inChunks(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

function describeBlobStore(name: string, open: () => Promise<{ store: BlobStore; close(): Promise<void> }>) {
  describe(name, () => {
    let store: BlobStore;
    let close: () => Promise<void>;
    beforeAll(async () => ({ store, close } = await open()));
    afterAll(() => close());

    it('round-trips a 5 MB buffer with its sha256, then has/delete', async () => {
      const data = new Uint8Array(randomBytes(FIVE_MB));
      const key = `reports/${sha(data)}.pdf`;
      const info = await store.put(key, data, { contentType: 'application/pdf' });
      expect(info).toEqual({ key, size: FIVE_MB, sha256: sha(data) });
      expect(Buffer.from((await store.get(key))!).equals(Buffer.from(data))).toBe(true);
      expect(await store.has(key)).toBe(true);
      await expect(store.put(key, data)).resolves.toEqual(info);
      await store.delete(key);
      expect(await store.has(key)).toBe(false);
      expect(await store.get(key)).toBeNull();
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it('stores a stream without knowing its size, and replaces a key with new bytes', async () => {
      const first = new Uint8Array(randomBytes(300_000));
      const second = new Uint8Array(randomBytes(1234));
      const key = 'streamed.pdf';
      expect(await store.put(key, inChunks(first, 64 * 1024))).toEqual({
        key,
        size: first.length,
        sha256: sha(first),
      });
      expect(await store.put(key, inChunks(second, 100))).toEqual({
        key,
        size: second.length,
        sha256: sha(second),
      });
      expect(Buffer.from((await store.get(key))!).equals(Buffer.from(second))).toBe(true);
      await store.delete(key);
    });

    it('rejects keys that could escape or confuse the store', async () => {
      await expect(store.put('../etc/passwd', new Uint8Array(1))).rejects.toThrow(
        "blob key '../etc/passwd' has an empty, '.' or '..' path segment",
      );
    });
  });
}

let infra: TestInfra;
let names: ReturnType<typeof testBusOptions>;
beforeAll(async () => {
  infra = await startTestInfra();
  names = testBusOptions(infra.natsUrl);
});
afterAll(async () => {
  await cleanupStreams(infra.natsUrl, names.streamPrefix);
  await infra.stop();
});

describeBlobStore('ObjectStoreBlobStore', async () => {
  const bus = await JetStreamBus.connect({ ...names, name: 'blob-test', logger: captureLogs().logger });
  await bus.provision();
  return { store: bus.blobs, close: () => bus.close() };
});

describeBlobStore('FsBlobStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dw-blobs-'));
  const store = new FsBlobStore(dir);
  return {
    store,
    close: async () => {
      // Atomic writes must not leave temp files behind.
      expect((await readdir(dir)).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeBlobStore('MemoryBlobStore', async () => ({
  store: new MemoryBlobStore(),
  close: async () => undefined,
}));

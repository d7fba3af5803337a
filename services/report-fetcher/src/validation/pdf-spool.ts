import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchError } from '../errors';
import { htmlInsteadOfPdfMessage, looksLikeHtml } from './html-title';

export const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
/** How much of a non-PDF body is kept to name the HTML page it turned out to be. */
const HTML_HEAD_BYTES = 64 * 1024;

/** A complete, validated PDF on local disk: the only thing ever handed on to be stored as a report. */
export interface SpooledPdf {
  path: string;
  size: number;
  /** Lower-case hex; the report id. */
  sha256: string;
  /** Streams the bytes (for BlobStore.put). */
  read(): AsyncIterable<Uint8Array>;
  /** Removes the temp file; safe to call twice. */
  dispose(): Promise<void>;
}

export interface SpoolOptions {
  maxBytes: number;
  /** Where the file is written; default the OS temp folder. */
  dir?: string;
  /** Names the origin (URL or file) in refusals. */
  label: string;
  /** The size the sender announced (Content-Length); a body that ends short of it is truncated, not a report. */
  expectedBytes?: number | null;
}

export const defaultSpoolDir = (): string => join(tmpdir(), 'detainer-watch-fetcher');

/**
 * Streams `chunks` to a temp file while checking the `%PDF-` magic bytes at the start, enforcing `maxBytes` (the
 * stream is abandoned as soon as the limit is passed) and hashing with sha256. On any failure the temp file is
 * removed, so a half download never outlives the attempt.
 */
export async function spoolPdf(chunks: AsyncIterable<Uint8Array>, opts: SpoolOptions): Promise<SpooledPdf> {
  const dir = opts.dir ?? defaultSpoolDir();
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}.part`);
  const file = await open(path, 'wx');
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  let magicChecked = false;
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) break;
      const chunk = value as Uint8Array;
      size += chunk.length;
      if (size > opts.maxBytes)
        throw new FetchError(
          'too_large',
          `${opts.label} is larger than the ${opts.maxBytes}-byte limit; stopped after ${size} bytes`,
          { bytesRead: size },
        );
      if (!magicChecked) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= PDF_MAGIC.length) {
          magicChecked = true;
          if (!head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC))
            await refuseNonPdf(head, iterator, opts.label);
        }
      }
      hash.update(chunk);
      await file.write(chunk);
    }
    if (size === 0) throw new FetchError('empty', `${opts.label} is empty (0 bytes)`);
    if (!magicChecked) await refuseNonPdf(head, iterator, opts.label);
    if (opts.expectedBytes != null && size !== opts.expectedBytes)
      throw new FetchError(
        'truncated',
        `${opts.label} ended after ${size} of the ${opts.expectedBytes} bytes announced by Content-Length`,
        { bytesRead: size },
      );
    await file.close();
  } catch (e) {
    await iterator.return?.();
    await file.close().catch(() => undefined);
    await rm(path, { force: true });
    throw e;
  }
  let disposed = false;
  return {
    path,
    size,
    sha256: hash.digest('hex'),
    read: () => createReadStream(path),
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await rm(path, { force: true });
    },
  };
}

async function refuseNonPdf(head: Buffer, rest: AsyncIterator<Uint8Array>, label: string): Promise<never> {
  if (looksLikeHtml(head)) {
    const parts = [head];
    let n = head.length;
    while (n < HTML_HEAD_BYTES) {
      const { value, done } = await rest.next();
      if (done) break;
      parts.push(Buffer.from(value as Uint8Array));
      n += (value as Uint8Array).length;
    }
    throw new FetchError('html_instead_of_pdf', await htmlInsteadOfPdfMessage(label, Buffer.concat(parts)));
  }
  const shown = JSON.stringify(head.subarray(0, 8).toString('latin1'));
  throw new FetchError('not_pdf', `${label} is not a PDF: it starts with ${shown}, expected "%PDF-"`);
}

/**
 * Deletes the `.part` files a killed process left in the spool folder (a graceful stop removes its own). Only files
 * older than `olderThanMs` are touched, so a download still running in another process sharing the folder is safe.
 * Returns the names removed.
 */
export async function removeStaleSpoolFiles(
  dir: string = defaultSpoolDir(),
  olderThanMs: number,
  now: number = Date.now(),
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.part'))) {
    const path = join(dir, name);
    const s = await stat(path).catch(() => null);
    if (s === null || now - s.mtimeMs < olderThanMs) continue;
    await rm(path, { force: true });
    removed.push(name);
  }
  return removed;
}

import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchError } from '../errors';
import { removeStaleSpoolFiles, spoolPdf } from './pdf-spool';

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield Buffer.from(p, 'latin1');
}

describe('spoolPdf', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'rf-spool-'))));

  it('accepts a magic number split over chunks and hashes exactly the bytes written', async () => {
    const pdf = await spoolPdf(chunks('%P', 'DF', '-1.7\nbody'), { maxBytes: 100, dir, label: 'x' });
    const bytes = await readFile(pdf.path);
    expect(bytes.toString('latin1')).toBe('%PDF-1.7\nbody');
    expect(pdf.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    await pdf.dispose();
    await pdf.dispose();
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    [['%PD'], 'not_pdf', /x is not a PDF: it starts with "%PD"/],
    [[], 'empty', /x is empty/],
    [['%PDF-1.7', '123456'], 'too_large', /larger than the 10-byte limit; stopped after 14 bytes/],
    [['GIF89a'], 'not_pdf', /starts with "GIF89a"/],
  ])('refuses %j as %s and removes the temp file', async (parts, code, message) => {
    const e = await spoolPdf(chunks(...parts), { maxBytes: 10, dir, label: 'x' }).catch(
      (err: FetchError) => err,
    );
    expect(e).toBeInstanceOf(FetchError);
    expect((e as FetchError).code).toBe(code);
    expect((e as FetchError).message).toMatch(message);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a body shorter than the announced length as truncated', async () => {
    const e = await spoolPdf(chunks('%PDF-1.7'), { maxBytes: 100, dir, label: 'x', expectedBytes: 50 }).catch(
      (err: FetchError) => err,
    );
    expect((e as FetchError).code).toBe('truncated');
    expect((e as FetchError).message).toBe('x ended after 8 of the 50 bytes announced by Content-Length');
  });
});

describe('removeStaleSpoolFiles', () => {
  it('removes only .part files older than the limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-stale-'));
    const old = new Date(Date.now() - 60_000);
    await writeFile(join(dir, 'killed.part'), '%PDF-1.7 half');
    await utimes(join(dir, 'killed.part'), old, old);
    await writeFile(join(dir, 'running.part'), '%PDF-1.7 in progress');
    await writeFile(join(dir, 'other.txt'), 'not ours');
    await utimes(join(dir, 'other.txt'), old, old);
    expect(await removeStaleSpoolFiles(dir, 30_000)).toEqual(['killed.part']);
    expect((await readdir(dir)).sort()).toEqual(['other.txt', 'running.part']);
    expect(await removeStaleSpoolFiles(join(dir, 'missing'), 0)).toEqual([]);
  });
});

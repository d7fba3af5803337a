import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboxFolder } from './inbox-folder';

describe('InboxFolder', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'rf-inbox-'))));

  it('takes a file only when its size stayed the same across two looks', async () => {
    await writeFile(join(dir, 'done.pdf'), '%PDF-1.7 complete');
    await writeFile(join(dir, 'copying.pdf'), '%PDF-1.7 part');
    await writeFile(join(dir, '.hidden.pdf'), '%PDF-1.7');
    await writeFile(join(dir, 'empty.pdf'), '');
    // The "copy" grows while the inbox waits between its two looks.
    const inbox = new InboxFolder(dir, 0, async () => appendFile(join(dir, 'copying.pdf'), ' more'));
    expect(await inbox.stableFiles()).toEqual([join(dir, 'done.pdf')]);
    // Next time the copy has stopped growing: same size as the last look, so it is taken without waiting.
    const settled = new InboxFolder(dir, 0, async () => undefined);
    expect((await settled.stableFiles()).sort()).toEqual([join(dir, 'copying.pdf'), join(dir, 'done.pdf')]);
  });

  it('moves files aside, never deleting, and writes the reason next to a rejected one', async () => {
    await writeFile(join(dir, 'a.pdf'), 'x');
    await writeFile(join(dir, 'b.pdf'), 'y');
    const inbox = new InboxFolder(dir, 0, async () => undefined);
    const processed = await inbox.markProcessed(join(dir, 'a.pdf'));
    const rejected = await inbox.reject(join(dir, 'b.pdf'), 'not a PDF');
    expect(processed).toBe(join(dir, 'processed', 'a.pdf'));
    expect(await readFile(join(dir, 'rejected', 'b.pdf.reason.txt'), 'utf8')).toBe('not a PDF\n');
    expect(rejected).toBe(join(dir, 'rejected', 'b.pdf'));
    // The same name again does not overwrite the earlier file.
    await writeFile(join(dir, 'a.pdf'), 'x2');
    await inbox.markProcessed(join(dir, 'a.pdf'));
    expect((await readdir(join(dir, 'processed'))).length).toBe(2);
    expect(await inbox.stableFiles()).toEqual([]);
  });

  it('names a missing folder', async () => {
    await expect(new InboxFolder(join(dir, 'nope'), 0).stableFiles()).rejects.toThrow(
      /cannot read the inbox folder .*nope/,
    );
  });
});

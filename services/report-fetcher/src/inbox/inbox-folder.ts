import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FetchError } from '../errors';
import { delay } from '../http/host-rate-limiter';

export const PROCESSED_DIR = 'processed';
export const REJECTED_DIR = 'rejected';

interface Observation {
  size: number;
  mtimeMs: number;
}

/**
 * A local folder analysts drop PDFs into. A file is taken only once its size and modification time have stayed the
 * same across two looks `settleMs` apart (so a file still being copied is left alone), and afterwards it is moved
 * to `processed/` or `rejected/` (with `<name>.reason.txt` beside it): files are never deleted.
 */
export class InboxFolder {
  private readonly lastSeen = new Map<string, Observation>();

  constructor(
    readonly dir: string,
    private readonly settleMs: number,
    private readonly sleep: (ms: number) => Promise<void> = delay,
  ) {}

  /** Paths of the files that are complete enough to take, oldest first. */
  async stableFiles(): Promise<string[]> {
    const first = await this.observe();
    const stable = new Set<string>();
    const pending: string[] = [];
    for (const [name, o] of first) {
      if (o.size === 0) continue;
      if (same(this.lastSeen.get(name), o)) stable.add(name);
      else pending.push(name);
    }
    let latest = first;
    if (pending.length > 0) {
      await this.sleep(this.settleMs);
      latest = await this.observe();
      for (const name of pending) if (same(first.get(name), latest.get(name))) stable.add(name);
    }
    this.lastSeen.clear();
    for (const [name, o] of latest) this.lastSeen.set(name, o);
    return [...stable]
      .sort((a, b) => latest.get(a)!.mtimeMs - latest.get(b)!.mtimeMs || a.localeCompare(b))
      .map((name) => join(this.dir, name));
  }

  /** Moves a stored file to `processed/`; returns its new path. */
  async markProcessed(file: string): Promise<string> {
    this.lastSeen.delete(basename(file));
    return this.moveTo(file, PROCESSED_DIR);
  }

  /** Moves a refused file to `rejected/` and writes why next to it; returns its new path. */
  async reject(file: string, reason: string): Promise<string> {
    this.lastSeen.delete(basename(file));
    const moved = await this.moveTo(file, REJECTED_DIR);
    await writeFile(`${moved}.reason.txt`, `${reason}\n`, 'utf8');
    return moved;
  }

  private async observe(): Promise<Map<string, Observation>> {
    let entries;
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch (e) {
      throw new FetchError('io', `cannot read the inbox folder ${this.dir}: ${(e as Error).message}`);
    }
    const seen = new Map<string, Observation>();
    for (const entry of entries) {
      // Hidden files are what copy tools (rsync, browsers) write to before renaming into place.
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      try {
        const s = await stat(join(this.dir, entry.name));
        seen.set(entry.name, { size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        /* removed between readdir and stat: simply not there any more */
      }
    }
    return seen;
  }

  private async moveTo(file: string, sub: string): Promise<string> {
    const dir = join(this.dir, sub);
    await mkdir(dir, { recursive: true });
    const name = basename(file);
    let target = join(dir, name);
    for (let n = 1; await exists(target); n++) target = join(dir, `${stamp()}-${n}-${name}`);
    await rename(file, target);
    return target;
  }
}

const same = (a: Observation | undefined, b: Observation | undefined): boolean =>
  a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

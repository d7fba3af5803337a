import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '@detainer-watch/testing';
import { SERVICE_NAMES, entrypointOf, repoRoot } from './services';

const LOCK_DIR = join(tmpdir(), 'detainer-watch-e2e-build.lock');
const LOCK_STALE_MS = 5 * 60_000;

let built: Promise<void> | null = null;

/**
 * Makes sure every service is compiled before a test starts them as processes: runs `tsc -b` (incremental, about a
 * second when nothing changed) once per test process, serialised across Jest workers by a lock directory. With
 * E2E_SKIP_BUILD=1 it only checks that each `services/<name>/dist/main.js` exists. Either way, a failure throws an
 * error that says what to run.
 */
export function ensureBuilt(): Promise<void> {
  return (built ??= build());
}

async function build(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    await withLock(() => {
      const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const r = spawnSync(process.execPath, [tsc, '-b'], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 300_000,
      });
      if (r.status !== 0) {
        const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
        throw new Error(
          `the services must be compiled before the end-to-end tests start them, and \`npx tsc -b\` failed ` +
            `(exit ${r.status ?? r.signal}):\n${out}`,
        );
      }
    });
  }
  const missing = SERVICE_NAMES.map(entrypointOf).filter((p) => !existsSync(p));
  if (missing.length > 0)
    throw new Error(
      `no compiled entrypoint at ${missing.join(', ')}: run \`npx tsc -b\` at the repository root first`,
    );
}

async function withLock(fn: () => void): Promise<void> {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock left by a killed run: older than any build takes.
      const age = Date.now() - statSafe(LOCK_DIR);
      if (age > LOCK_STALE_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for the build lock ${LOCK_DIR}`);
      await sleep(250);
    }
  }
  try {
    fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function statSafe(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

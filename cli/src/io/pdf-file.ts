import { readFile, stat } from 'node:fs/promises';
import { CliError } from '../errors';

/**
 * Reads a file named on the command line, turning each way it can fail into a message that names the file. Whether
 * the bytes are a readable PDF (empty, truncated, encrypted) is the extractor's question.
 */
export async function readPdfFile(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CliError(`${path}: is a directory, not a PDF file`);
    if (!info.isFile()) throw new CliError(`${path}: is not a regular file`);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${path}: ${describe(err)}`);
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    throw new CliError(`${path}: ${describe(err)}`);
  }
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied (the file is not readable)';
  return `cannot be read: ${(err as Error).message}`;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const generatedDir = join(__dirname, '..', 'generated');
export const packageVersion = (): string =>
  (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
export const serialize = (doc: unknown): string => JSON.stringify(doc, null, 2) + '\n';

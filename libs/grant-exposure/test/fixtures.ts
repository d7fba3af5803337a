import { createReadStream } from 'node:fs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const fixture = (name: string): string => join(__dirname, 'fixtures', name);
export const openFixture = (name: string) => createReadStream(fixture(name));

/** The real reference figures, read in place (never copied into the tree). */
export const FIGURES_CSV = join(__dirname, '../../../../shared/data/grants/figures.csv');
export const figuresAvailable = existsSync(FIGURES_CSV);

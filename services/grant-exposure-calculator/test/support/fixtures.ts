import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';

const LIB_FIXTURES = join(__dirname, '../../../../libs/grant-exposure/test/fixtures');

/** The grant library's hand-written importer fixtures (made-up amounts, malformed rows on purpose). */
export const fixturePath = (name: string): string => join(LIB_FIXTURES, name);
export const openFixture = (name: string) => createReadStream(fixturePath(name));

/** The real reference figures, read in place (never copied into the tree). */
export const FIGURES_CSV = join(__dirname, '../../../../../shared/data/grants/figures.csv');
export const figuresAvailable = existsSync(FIGURES_CSV);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportExtract } from '@detainer-watch/contracts';
import type { Truth } from '@detainer-watch/ddor-fixtures';
import { createResolver, GazetteerFileLoader, type Resolver } from '@detainer-watch/jurisdictions';

let shared: Resolver | undefined;

/** The shipped gazetteer and facility aliases, loaded once per test file (a few seconds). */
export function shippedResolver(): Resolver {
  if (!shared) {
    const loader = new GazetteerFileLoader();
    shared = createResolver(loader.loadGazetteer(), { facilityAliases: loader.loadFacilityAliases() });
  }
  return shared;
}

export const FIXTURES = join(__dirname, '..', '..', '..', 'ddor-fixtures', 'fixtures');

/** A committed ddor-fixtures ground truth as the extract a perfect extractor returns. */
export function fixtureExtract(name: string): ReportExtract {
  const truth = JSON.parse(readFileSync(join(FIXTURES, `${name}.truth.json`), 'utf8')) as Truth;
  return { ...truth, reportId: 'a'.repeat(64), warnings: [] };
}

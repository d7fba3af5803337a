import { readFile } from 'node:fs/promises';
import { parseReferenceLedger, REFERENCE_LEDGER_PATH } from '@detainer-watch/grant-exposure';
import { createResolver, GazetteerFileLoader, type Resolver } from '@detainer-watch/jurisdictions';
import { indexLedger } from '@detainer-watch/report-analysis';
import type { LedgerIndex, UnresolvedRecipient } from '@detainer-watch/grant-exposure';

/** The gazetteer and facility aliases shipped in libs/jurisdictions/data. */
export function loadResolver(): Resolver {
  const loader = new GazetteerFileLoader();
  return createResolver(loader.loadGazetteer(), { facilityAliases: loader.loadFacilityAliases() });
}

/** The reference award ledger shipped in libs/grant-exposure/data, its recipients attributed with `resolver`. */
export async function loadReferenceLedger(
  resolver: Resolver,
): Promise<{ ledger: LedgerIndex; unresolved: UnresolvedRecipient[]; path: string }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(REFERENCE_LEDGER_PATH, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the reference ledger ${REFERENCE_LEDGER_PATH}: ${(err as Error).message}`);
  }
  const { index, unresolved } = await indexLedger(parseReferenceLedger(json).rows, resolver);
  return { ledger: index, unresolved, path: REFERENCE_LEDGER_PATH };
}

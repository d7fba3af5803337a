import {
  attachJurisdictions,
  isPlaceRecipient,
  LedgerIndex,
  recipientFits,
  recipientQueries,
  type LedgerRow,
  type ResolveRecipient,
  type UnresolvedRecipient,
} from '@detainer-watch/grant-exposure';
import { HIGH_CONFIDENCE, type Resolver } from '@detainer-watch/jurisdictions';

/**
 * Attributes ledger recipients with the report's own resolver, so money and report rows meet on the same entity ids.
 * A state-government recipient ("New York State Division of Criminal Justice Services") is its state. Otherwise the
 * name is read as `recipientQueries` says, a police department stands for the city that runs it, and only a
 * high-confidence answer of the recipient's type counts: a figure attributed to the wrong place would be worse than
 * none.
 */
export function ledgerRecipientResolver(resolver: Resolver): ResolveRecipient {
  return (name, state, type) => {
    if (type === 'state') {
      const st = resolver.gazetteer.state(state)?.entity;
      return st ? { id: st.id, fips: st.fips } : null;
    }
    if (!isPlaceRecipient(type)) return null;
    for (const q of recipientQueries(name, type)) {
      const r = resolver.resolve(q, { state }).resolved;
      if (!r || r.confidence < HIGH_CONFIDENCE) continue;
      const entity = r.type === 'facility' && r.parentId ? resolver.gazetteer.byId(r.parentId)?.entity : r;
      if (entity && recipientFits(type, entity.type)) return { id: entity.id, fips: entity.fips };
    }
    return null;
  };
}

/** The ledger an estimate reads, recipients attributed with `resolver`; `unresolved` lists recipients left out. */
export async function indexLedger(
  rows: readonly LedgerRow[],
  resolver: Resolver,
): Promise<{ index: LedgerIndex; unresolved: UnresolvedRecipient[] }> {
  const attached = await attachJurisdictions(rows, ledgerRecipientResolver(resolver));
  return { index: new LedgerIndex(attached.rows), unresolved: attached.unresolved };
}

import { join } from 'node:path';
import { z } from 'zod';
import { LedgerRow } from './ledger/ledger-row';
import {
  RecipientResolution,
  type ResolveRecipient,
  type UnresolvedRecipient,
} from './import/recipient-resolution';

/**
 * The default ledger the project ships: figures.csv converted by scripts/generate-reference-ledger.ts, each figure
 * with its citation, recipients not yet resolved (the service resolves them with the classifier on load).
 */
export const REFERENCE_LEDGER_PATH = join(__dirname, '..', 'data', 'reference-ledger.json');

export const ReferenceLedgerFile = z.object({
  description: z.string(),
  generatedFrom: z.string(),
  generatedBy: z.string(),
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/),
  skipped: z.array(z.object({ reason: z.string(), count: z.number().int(), firstLine: z.number().int() })),
  rows: z.array(LedgerRow),
});
export type ReferenceLedgerFile = z.infer<typeof ReferenceLedgerFile>;

/** Validates the shipped ledger's JSON (as read by the caller), naming the first bad row. */
export function parseReferenceLedger(json: unknown): ReferenceLedgerFile {
  const parsed = ReferenceLedgerFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`reference ledger: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Attributes rows that have no jurisdiction yet (the shipped ledger, or rows imported while the classifier was down);
 * rows already attributed, aggregates and joint allocations are left as they are.
 */
export async function attachJurisdictions(
  rows: readonly LedgerRow[],
  resolveRecipient: ResolveRecipient,
): Promise<{ rows: LedgerRow[]; unresolved: UnresolvedRecipient[] }> {
  const resolution = new RecipientResolution(resolveRecipient);
  const out: LedgerRow[] = [];
  for (const row of rows) {
    if (row.jurisdictionId !== null || (row.scope !== 'recipient' && row.scope !== 'area_total')) {
      out.push(row);
      continue;
    }
    const match = await resolution.resolve(row, row.source.line);
    out.push(match ? { ...row, jurisdictionId: match.id, fips: match.fips } : row);
  }
  return { rows: out, unresolved: resolution.unresolved() };
}

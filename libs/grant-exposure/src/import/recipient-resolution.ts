import type { RecipientType } from '../ledger/ledger-row';

/** A recipient resolved to a canonical jurisdiction (the service asks the jurisdiction classifier). */
export interface ResolvedRecipient {
  id: string;
  fips: string | null;
}

/** Resolves a recipient as printed; null when it cannot be matched to one jurisdiction. */
export type ResolveRecipient = (
  name: string,
  state: string,
  type: RecipientType,
) => ResolvedRecipient | null | Promise<ResolvedRecipient | null>;

export interface UnresolvedRecipient {
  recipient: string;
  state: string;
  recipientType: RecipientType;
  rows: number;
  firstLine: number | null;
}

type RecipientKey = { recipient: string; state: string; recipientType: RecipientType };
const keyOf = (row: RecipientKey): string => `${row.recipient}\u001f${row.state}\u001f${row.recipientType}`;

/**
 * Asks the resolver once per distinct recipient (it may be a network round trip) and lists the recipients it could not
 * match, with how many rows each has.
 */
export class RecipientResolution {
  private readonly answers = new Map<string, ResolvedRecipient | null>();
  private readonly misses = new Map<string, UnresolvedRecipient>();

  constructor(private readonly resolveRecipient: ResolveRecipient) {}

  /** The answer already known for this recipient (noting a miss), or undefined when the resolver must be asked. */
  cached(row: RecipientKey, line: number | null): ResolvedRecipient | null | undefined {
    const key = keyOf(row);
    const match = this.answers.get(key);
    if (match === null) this.noteMiss(key, row, line);
    return match;
  }

  async resolve(row: RecipientKey, line: number | null): Promise<ResolvedRecipient | null> {
    const known = this.cached(row, line);
    if (known !== undefined) return known;
    const match = await this.resolveRecipient(row.recipient, row.state, row.recipientType);
    this.answers.set(keyOf(row), match);
    if (match === null) this.noteMiss(keyOf(row), row, line);
    return match;
  }

  private noteMiss(key: string, row: RecipientKey, line: number | null): void {
    const miss = this.misses.get(key);
    if (miss) miss.rows += 1;
    else {
      const { recipient, state, recipientType } = row;
      this.misses.set(key, { recipient, state, recipientType, rows: 1, firstLine: line });
    }
  }

  unresolved(): UnresolvedRecipient[] {
    return [...this.misses.values()];
  }
}

import type { ResolutionCandidate } from '@detainer-watch/contracts';
import {
  isPlaceRecipient,
  recipientFits,
  recipientQueries,
  type RecipientType,
  type ResolvedRecipient,
  type ResolveRecipient,
  type UnresolvedRecipient,
} from '@detainer-watch/grant-exposure';
import { HIGH_CONFIDENCE } from '@detainer-watch/jurisdictions';
import { ClassifierUnavailable, type ClassifierClient } from './classifier.client';
import type { RecipientKey } from '../ledger/ledger.repository';

export const recipientKeyOf = (k: RecipientKey): string =>
  `${k.recipient}\u001f${k.state}\u001f${k.recipientType}`;

export interface ListedUnresolvedRecipient extends UnresolvedRecipient {
  reason: 'no_match' | 'classifier_unavailable';
}

/**
 * Resolves award recipients with the jurisdiction classifier. Only a high-confidence answer of the recipient's type
 * counts (a figure attributed to the wrong place would be worse than none); a police department or jail stands for
 * the jurisdiction that runs it. When the classifier cannot be reached the recipient is answered null and noted as
 * pending, and, so an import of a million rows does not wait out a timeout per recipient, later recipients are not
 * asked at all; pending rows are resolved again later (ResolvePendingRecipients).
 */
export class ClassifierRecipientResolver {
  private readonly pendingKeys = new Set<string>();
  private unavailable: ClassifierUnavailable | null = null;

  constructor(private readonly classifier: ClassifierClient) {}

  readonly resolve: ResolveRecipient = (name, state, type) => this.resolveOne(name, state, type);

  /** The classifier's failure, when one made recipients pending. */
  get unavailableReason(): string | null {
    return this.unavailable?.message ?? null;
  }

  isPending(key: RecipientKey): boolean {
    return this.pendingKeys.has(recipientKeyOf(key));
  }

  /** The importer's unresolved list, each with why. */
  describe(unresolved: readonly UnresolvedRecipient[]): ListedUnresolvedRecipient[] {
    return unresolved.map((u) => ({
      ...u,
      reason: this.isPending({ recipient: u.recipient, state: u.state, recipientType: u.recipientType })
        ? 'classifier_unavailable'
        : 'no_match',
    }));
  }

  private async resolveOne(
    name: string,
    state: string,
    type: RecipientType,
  ): Promise<ResolvedRecipient | null> {
    if (this.unavailable) {
      this.pendingKeys.add(recipientKeyOf({ recipient: name, state, recipientType: type }));
      return null;
    }
    try {
      return await this.ask(name, state, type);
    } catch (err) {
      if (!(err instanceof ClassifierUnavailable)) throw err;
      this.unavailable = err;
      this.pendingKeys.add(recipientKeyOf({ recipient: name, state, recipientType: type }));
      return null;
    }
  }

  private async ask(name: string, state: string, type: RecipientType): Promise<ResolvedRecipient | null> {
    if (type === 'state') {
      const { resolved } = await this.classifier.resolve({ q: state });
      return resolved && resolved.type === 'state' && resolved.state === state ? toResolved(resolved) : null;
    }
    if (!isPlaceRecipient(type)) return null;
    for (const q of recipientQueries(name, type)) {
      const { resolved } = await this.classifier.resolve({ q, state });
      if (!resolved || resolved.confidence < HIGH_CONFIDENCE) continue;
      const entity =
        resolved.type === 'facility' && resolved.parentId
          ? (await this.classifier.resolve({ q: resolved.parentId })).resolved
          : resolved;
      if (entity && recipientFits(type, entity.type)) return toResolved(entity);
    }
    return null;
  }
}

const toResolved = (entity: ResolutionCandidate): ResolvedRecipient => ({ id: entity.id, fips: entity.fips });

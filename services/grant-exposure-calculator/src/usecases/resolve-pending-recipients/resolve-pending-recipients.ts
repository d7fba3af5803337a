import type { ResolvedRecipient } from '@detainer-watch/grant-exposure';
import type { Logger } from '@detainer-watch/logging';
import type { LedgerRepository, RecipientKey } from '../../ledger/ledger.repository';
import type { ClassifierClient } from '../../resolution/classifier.client';
import { ClassifierRecipientResolver } from '../../resolution/classifier-recipient-resolver';

export interface PendingResolutionOutcome {
  /** rows whose recipient got the classifier's answer (resolved or unresolved) */
  rowsAnswered: number;
  /** rows still pending (the classifier was not reachable) */
  rowsPending: number;
  classifierUnavailable: string | null;
}

/**
 * Resolves the recipients of pending rows (the shipped reference ledger on first start, or rows imported while the
 * classifier was down), one batch of distinct recipients at a time, until none is left or the classifier stops
 * answering.
 */
export class ResolvePendingRecipients {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly classifier: ClassifierClient,
    private readonly logger: Logger,
    private readonly batchSize = 500,
  ) {}

  async execute(): Promise<PendingResolutionOutcome> {
    const resolver = new ClassifierRecipientResolver(this.classifier);
    let rowsAnswered = 0;
    for (;;) {
      const keys = await this.ledger.pendingRecipients(this.batchSize);
      if (keys.length === 0) break;
      const answers: { key: RecipientKey; match: ResolvedRecipient | null }[] = [];
      for (const key of keys) {
        const match = await resolver.resolve(key.recipient, key.state, key.recipientType);
        if (resolver.unavailableReason) break;
        answers.push({ key, match });
      }
      rowsAnswered += await this.ledger.attribute(answers);
      if (resolver.unavailableReason) break;
    }
    const rowsPending = await this.ledger.countPending();
    const outcome = { rowsAnswered, rowsPending, classifierUnavailable: resolver.unavailableReason };
    if (rowsAnswered > 0 || rowsPending > 0) this.logger.info(outcome, 'ledger recipients resolved');
    return outcome;
  }
}

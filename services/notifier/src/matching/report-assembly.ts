import type { GrantExposureEstimatedV1 } from '@detainer-watch/contracts';
import { enclosingKeys, selfKeys } from './containment';

export interface ReportCompleteness {
  reportId: string;
  total: number;
  /** positions (0-based) not yet received */
  missing: number[];
  complete: boolean;
}

/**
 * The classifier publishes one event per jurisdiction, each carrying its position {index, total}; an alert waits
 * for all of them so a watcher gets one email listing everything, not one per jurisdiction.
 */
export function reportCompleteness(estimates: readonly GrantExposureEstimatedV1[]): ReportCompleteness {
  const first = estimates[0];
  if (!first) throw new Error('reportCompleteness: no estimates given');
  const reportId = first.classification.report.reportId;
  const total = first.classification.position.total;
  const have = new Set<number>();
  for (const e of estimates) {
    const c = e.classification;
    if (c.report.reportId !== reportId) {
      throw new Error(`reportCompleteness: estimates of reports ${reportId} and ${c.report.reportId} mixed`);
    }
    if (c.position.total !== total) {
      throw new Error(
        `report ${reportId}: jurisdiction ${c.entity.id} says ${c.position.total} jurisdictions, an earlier one said ${total}`,
      );
    }
    have.add(c.position.index);
  }
  const missing: number[] = [];
  for (let i = 0; i < total; i++) if (!have.has(i)) missing.push(i);
  return { reportId, total, missing, complete: missing.length === 0 };
}

/** The watch-index keys a repository must look up to find every watch these estimates could match. */
export function candidateKeys(estimates: readonly GrantExposureEstimatedV1[]): string[] {
  const known = new Map(estimates.map((e) => [e.classification.entity.id, e.classification.entity]));
  const keys = new Set<string>();
  for (const e of estimates) {
    for (const k of selfKeys(e.classification.entity)) keys.add(k);
    for (const k of enclosingKeys(e.classification.entity, known)) keys.add(k);
  }
  return [...keys];
}

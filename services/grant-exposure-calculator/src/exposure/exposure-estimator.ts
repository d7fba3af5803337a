import type { Exposure, GrantProgram } from '@detainer-watch/contracts';
import { estimateExposure, LedgerIndex } from '@detainer-watch/grant-exposure';
import type { LedgerRepository } from '../ledger/ledger.repository';

export interface EstimateSettings {
  programs: readonly GrantProgram[];
  fiscalYears: readonly number[];
  clawbackYears: number;
}

export interface JurisdictionToEstimate {
  id: string;
  /** ids whose awards are this jurisdiction's own (the jails it runs) */
  childrenIds?: readonly string[];
}

/** The fiscal years an estimate reads: those estimated plus the clawback window before the first. */
export function yearsRead(settings: EstimateSettings): number[] {
  const years = [...new Set(settings.fiscalYears)].sort((a, b) => a - b);
  if (years.length === 0) return [];
  const window = Array.from(
    { length: settings.clawbackYears },
    (_, i) => years[0] - settings.clawbackYears + i,
  );
  return [...new Set([...window, ...years])];
}

/**
 * Estimates from the ledger in Postgres: one query for every jurisdiction asked (only their rows, programs and years),
 * indexed once, so a report's 200 jurisdictions cost one round trip.
 */
export class ExposureEstimator {
  constructor(private readonly ledger: Pick<LedgerRepository, 'rowsFor'>) {}

  async estimate(
    jurisdictions: readonly JurisdictionToEstimate[],
    settings: EstimateSettings,
  ): Promise<Exposure[]> {
    const ids = [...new Set(jurisdictions.flatMap((j) => [j.id, ...(j.childrenIds ?? [])]))];
    const rows = await this.ledger.rowsFor({
      jurisdictionIds: ids,
      programs: settings.programs,
      fiscalYears: yearsRead(settings),
    });
    const index = new LedgerIndex(rows);
    return jurisdictions.map((j) =>
      estimateExposure(index, {
        jurisdiction: j.id,
        childrenIds: j.childrenIds,
        programs: settings.programs,
        fiscalYears: settings.fiscalYears,
        clawbackYears: settings.clawbackYears,
      }),
    );
  }
}

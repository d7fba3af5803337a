import { ProgramCfda, type Exposure, type ExposureLine, type GrantProgram } from '@detainer-watch/contracts';
import type { LedgerRow } from '../ledger/ledger-row';
import { cellKey, LedgerIndex, type CellFigure } from './ledger-index';

/**
 * Prior fiscal years counted in the clawback scenario by default. A JAG award's project period runs four years (the
 * award year and three more), COPS hiring awards three, so awards from the three fiscal years before the first year
 * estimated can still hold undrawn money the Department could try to recover.
 */
export const DEFAULT_CLAWBACK_YEARS = 3;

export interface EstimateOptions {
  /** The jurisdiction, by id ("state:09", "place:0937000") or as an entity. */
  jurisdiction: string | { id: string };
  /**
   * Ids whose awards are this jurisdiction's own: the jails it runs (facility ids, which SCAAP pays for), a
   * coterminous place or county subdivision (a Connecticut town and its city).
   */
  childrenIds?: readonly string[];
  programs: readonly GrantProgram[];
  fiscalYears: readonly number[];
  /** Fiscal years before the first estimated year whose awards count as recoverable; 0 for none. */
  clawbackYears?: number;
  /** For a state: show the part of its award that passes through to localities (default true). */
  passThrough?: boolean;
}

function line(
  program: GrantProgram,
  fiscalYear: number,
  basis: ExposureLine['basis'],
  figure: CellFigure | null,
): ExposureLine {
  const cfda = ProgramCfda[program];
  return figure
    ? {
        program,
        cfda,
        fiscalYear,
        basis,
        amountCents: figure.amountCents,
        status: figure.status,
        sources: [...figure.sources],
      }
    : { program, cfda, fiscalYear, basis, amountCents: null, status: 'unknown', sources: [] };
}

function method(
  id: string,
  isState: boolean,
  passThrough: boolean,
  clawbackYears: number,
  firstYear: number,
): string {
  const parts = [
    `Estimate for ${id} summing, per program and fiscal year, the awards the ledger attributes to it directly (USAspending obligations first, else OJP awards, else BJA allocations, else one published figure)`,
  ];
  if (isState && passThrough) {
    parts.push(
      'showing the part of the state award that passes through to localities separately and not adding it again',
    );
  }
  parts.push(
    clawbackYears > 0
      ? `plus, as a clawback scenario, the full awards of FY${firstYear - clawbackYears}–FY${firstYear - 1} on the assumption that they are not yet spent`
      : 'without a clawback scenario',
  );
  return `${parts.join(', ')}; a year with no figure is unknown, not zero.`;
}

/**
 * Grant money a jurisdiction could lose: per program and fiscal year, the direct awards to it; for a state, the part
 * of its award passing through to localities (unknown unless the ledger states it); and a clawback scenario over
 * prior years. Every line lists the ledger rows behind it; unknown lines stay unknown and make the total partial.
 */
export function estimateExposure(
  ledger: LedgerIndex | readonly LedgerRow[],
  options: EstimateOptions,
): Exposure {
  const id = typeof options.jurisdiction === 'string' ? options.jurisdiction : options.jurisdiction.id;
  const index = ledger instanceof LedgerIndex ? ledger : new LedgerIndex(ledger);
  const isState = id.startsWith('state:');
  const passThrough = isState && (options.passThrough ?? true);
  const programs = [...new Set(options.programs)];
  const fiscalYears = [...new Set(options.fiscalYears)].sort((a, b) => a - b);
  const firstYear = fiscalYears[0] ?? 0;
  const clawbackYears =
    fiscalYears.length === 0 ? 0 : Math.max(0, Math.trunc(options.clawbackYears ?? DEFAULT_CLAWBACK_YEARS));

  const ids = [...new Set([id, ...(options.childrenIds ?? [])])];
  const direct = (program: GrantProgram, year: number) => index.figure(ids, cellKey(program, year, 'award'));

  const clawbackWindow = Array.from({ length: clawbackYears }, (_, i) => firstYear - clawbackYears + i);
  const lines: ExposureLine[] = [];
  for (const program of programs) {
    for (const year of fiscalYears) {
      lines.push(line(program, year, 'direct', direct(program, year)));
      if (passThrough) {
        lines.push(
          line(program, year, 'state_passthrough', index.figure(ids, cellKey(program, year, 'passthrough'))),
        );
      }
    }
    for (const year of clawbackWindow) lines.push(line(program, year, 'clawback', direct(program, year)));
  }

  // Pass-through is a part of the state award already counted in the direct line.
  const additive = lines.filter((entry) => entry.basis !== 'state_passthrough');
  const known = additive.filter((entry) => entry.amountCents !== null);
  const totalCents =
    known.length === 0 ? null : known.reduce((sum, entry) => sum + (entry.amountCents ?? 0), 0);
  const totalStatus =
    known.length === 0
      ? 'unknown'
      : additive.every((entry) => entry.status === 'exact')
        ? 'exact'
        : 'partial';
  return {
    estimate: true,
    programs,
    fiscalYears,
    lines,
    totalCents,
    totalStatus,
    method: method(id, isState, passThrough, clawbackYears, firstYear),
  };
}

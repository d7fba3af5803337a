import type {
  CategoryMatch,
  Exposure,
  GrantProgram,
  JurisdictionEntity,
  ReportExtract,
  ResolutionCandidate,
} from '@detainer-watch/contracts';
import { extractReport, type ExtractOptions } from '@detainer-watch/extraction';
import {
  DEFAULT_CLAWBACK_YEARS,
  estimateExposure,
  reportFiscalYears,
  type LedgerIndex,
} from '@detainer-watch/grant-exposure';
import type { Resolver } from '@detainer-watch/jurisdictions';
import { classifyReport, type ClassifyOptions, type UnresolvedName } from './classify-report';

/** Programs estimated unless the caller chooses: the two OJP programs. COPS is a DOJ program outside OJP. */
export const DEFAULT_PROGRAMS: readonly GrantProgram[] = ['JAG', 'SCAAP'];

export interface AnalyzeDeps extends ClassifyOptions {
  resolver: Resolver;
  /** The award ledger, recipients attributed (see indexLedger). */
  ledger: LedgerIndex;
  /** Default JAG and SCAAP. */
  programs?: readonly GrantProgram[];
  /** Default: the federal fiscal year(s) of the report's period; none when the report prints no period. */
  fiscalYears?: readonly number[];
  /** Prior fiscal years counted as a clawback scenario; default DEFAULT_CLAWBACK_YEARS of the grant library. */
  clawbackYears?: number;
  extract?: ExtractOptions;
}

/** One resolved jurisdiction as `detainer-watch analyze --json` prints it. */
export interface AnalyzedJurisdiction {
  rawNames: string[];
  id: string;
  name: string;
  type: JurisdictionEntity['type'];
  state: string;
  fips: string | null;
  confidence: number;
  declinedCount: number;
  highestVolumeCount: number | null;
  categories: CategoryMatch[];
  exposure: Exposure;
}

export interface AnalyzedUnresolved {
  raw: string;
  candidates: ResolutionCandidate[];
}

/** The `--json` output of `detainer-watch analyze`. */
export interface ReportAnalysis {
  report: ReportExtract;
  jurisdictions: AnalyzedJurisdiction[];
  unresolved: AnalyzedUnresolved[];
}

/** analyzeExtract's result: the JSON shape plus what a readable summary needs besides it. */
export interface ExtractAnalysis extends ReportAnalysis {
  /** The unresolved names with section, state, rows and the resolver's reason (same order as `unresolved`). */
  unresolvedDetail: UnresolvedName[];
  programs: GrantProgram[];
  fiscalYears: number[];
}

/** Extracts a DDOR PDF and analyzes it; ExtractionRejected propagates for a file that is no readable DDOR. */
export async function analyzeReport(bytes: Uint8Array, deps: AnalyzeDeps): Promise<ExtractAnalysis> {
  return analyzeExtract(await extractReport(bytes, deps.extract), deps);
}

/** Classifies an extract's jurisdictions and estimates each one's grant exposure over the ledger. */
export function analyzeExtract(report: ReportExtract, deps: AnalyzeDeps): ExtractAnalysis {
  const classification = classifyReport(report, deps.resolver, deps);
  const programs = [...new Set(deps.programs ?? DEFAULT_PROGRAMS)];
  const fiscalYears = [
    ...new Set(deps.fiscalYears ?? reportFiscalYears({ start: report.periodStart, end: report.periodEnd })),
  ].sort((a, b) => a - b);
  const jurisdictions = classification.jurisdictions.map((c): AnalyzedJurisdiction => ({
    rawNames: c.rawNames,
    id: c.entity.id,
    name: c.entity.name,
    type: c.entity.type,
    state: c.entity.state,
    fips: c.entity.fips,
    confidence: c.confidence,
    declinedCount: c.declinedCount,
    highestVolumeCount: c.highestVolumeCount,
    categories: c.categories,
    exposure: estimateExposure(deps.ledger, {
      jurisdiction: c.entity.id,
      childrenIds: classification.facilityIds.get(c.entity.id) ?? [],
      programs,
      fiscalYears,
      clawbackYears: deps.clawbackYears ?? DEFAULT_CLAWBACK_YEARS,
    }),
  }));
  return {
    report,
    jurisdictions,
    unresolved: classification.unresolved.map((u) => ({ raw: u.raw, candidates: u.candidates })),
    unresolvedDetail: classification.unresolved,
    programs,
    fiscalYears,
  };
}

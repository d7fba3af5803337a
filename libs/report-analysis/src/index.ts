export {
  classifyReport,
  type ClassifyOptions,
  type ReportClassification,
  type UnresolvedName,
} from './classify-report';
export type { ReportSection } from './report-names';
export { categoriesOf } from './policy';
export { ledgerRecipientResolver, indexLedger } from './ledger';
export {
  analyzeReport,
  analyzeExtract,
  DEFAULT_PROGRAMS,
  type AnalyzeDeps,
  type AnalyzedJurisdiction,
  type AnalyzedUnresolved,
  type ReportAnalysis,
  type ExtractAnalysis,
} from './analyze-report';

export * from './ledger/ledger-row';
export * from './ledger/ledger-sink';
export { parseDollarsToCents, formatCents } from './money';
export type { CsvInput } from './import/csv-records';
export * from './import/recipient-resolution';
export {
  importCsv,
  ImportFormatError,
  type CsvFormat,
  type ImportOptions,
  type ImportResult,
  type RecordOutcome,
  type RowError,
  type SkippedRows,
  type UnresolvedLedgerRow,
} from './import/import-runner';
export { importUsaspendingCsv, usaspendingFormat } from './import/usaspending';
export { importOjpAwardsCsv, ojpAwardsFormat, programOfOjpAward } from './import/ojp-awards';
export { importBjaJagAllocationsCsv, type BjaImportOptions } from './import/bja-jag-allocations';
export { importReferenceFiguresCsv, referenceFiguresFormat } from './import/reference-figures';
export { figureStatusFromNote } from './import/figure-status';
export { LedgerIndex } from './estimate/ledger-index';
export { estimateExposure, DEFAULT_CLAWBACK_YEARS, type EstimateOptions } from './estimate/estimate-exposure';
export * from './reference-ledger';
export { federalFiscalYear, reportFiscalYears } from './fiscal-year';
export { recipientFits, isPlaceRecipient, recipientQueries } from './recipients/recipient-queries';

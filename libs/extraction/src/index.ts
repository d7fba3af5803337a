export { extractReport, extractFromLines, DEFAULT_MAX_PAGES, type ExtractOptions } from './extract';
export { preparePdfReader } from './pdf/read-pdf';
export { ExtractionRejected, type RejectionReason } from './errors';
export { UNKNOWN_STATE, toUspsCode } from './text/states';
export { parseTableDate } from './text/dates';
export { joinCellLines, normalizeWhitespace } from './text/normalize';
export type { Line, PageText, TextRun } from './layout/types';
export { buildLines } from './layout/lines';

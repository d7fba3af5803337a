/** Nest injection tokens of the extractor's own providers. */
export const REPORTS_REPOSITORY = Symbol('pdf-extractor:ReportsRepository');
export const EXTRACT_REPORT = Symbol('pdf-extractor:ExtractReportUseCase');
export const REPORT_EXTRACTOR = Symbol('pdf-extractor:ReportExtractor');

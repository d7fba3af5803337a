import { z } from 'zod';
import { IsoDate, ReportId, UspsCode } from './common';

/** Something about the layout or content that the extractor could not reconcile. Rows are never dropped silently. */
export const ExtractionWarning = z.object({
  code: z
    .string()
    .describe(
      'stable machine-readable code, e.g. TOTAL_MISMATCH, UNPARSEABLE_DATE, UNKNOWN_STATE, SECTION_MISSING',
    ),
  message: z.string(),
  section: z.enum(['title', 'I', 'II', 'III', 'IV']).nullable(),
  page: z.number().int().positive().nullable(),
});

/** Section I: jurisdictions that received the most detainers in the period. */
export const HighestVolumeRow = z.object({
  jurisdiction: z.string().describe('as printed, whitespace normalized'),
  state: UspsCode,
  detainersIssued: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe('null when the cell is empty or not a number (a warning says which); never 0 for unknown'),
  page: z.number().int().positive(),
});

/** Section II: one declined detainer, as printed. No person is named in a DDOR and none is stored here. */
export const DeclinedRow = z.object({
  state: UspsCode,
  county: z.string(),
  facility: z.string().describe('the jurisdiction or facility column, as printed'),
  citizenship: z.string(),
  notableCriminalActivity: z.string().describe('all charges as printed, wrapped lines joined'),
  detainerIssued: IsoDate.nullable().describe(
    'null when the cell is empty or not a date (a warning says which)',
  ),
  detainerDeclined: IsoDate.nullable().describe(
    'null when the cell is empty or not a date (a warning says which)',
  ),
  page: z.number().int().positive().describe('1-based page of the PDF where the row starts'),
});

/** Section III: a jurisdiction whose policy limits cooperation with ICE. */
export const PolicyRow = z.object({
  jurisdiction: z.string().describe('as printed, without the bracketed area of responsibility'),
  aor: z
    .string()
    .nullable()
    .describe('ICE field office area of responsibility printed in brackets, e.g. San Antonio'),
  dateEnacted: z.string().nullable().describe('as printed, e.g. "February 2017"'),
  policy: z.string(),
  criteria: z
    .array(z.string())
    .describe('the bulleted criteria for honoring a detainer, one string per bullet'),
  page: z.number().int().positive(),
});

/** Everything the extractor read from one report. */
export const ReportExtract = z.object({
  reportId: ReportId,
  title: z.string().nullable(),
  periodStart: IsoDate.nullable(),
  periodEnd: IsoDate.nullable(),
  detainersIssued: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe('the national total stated in the Section I sentence; null when not printed'),
  pageCount: z.number().int().nonnegative(),
  highestVolume: z.array(HighestVolumeRow),
  declined: z.array(DeclinedRow),
  policies: z.array(PolicyRow),
  warnings: z.array(ExtractionWarning),
});

export type ExtractionWarning = z.infer<typeof ExtractionWarning>;
export type HighestVolumeRow = z.infer<typeof HighestVolumeRow>;
export type DeclinedRow = z.infer<typeof DeclinedRow>;
export type PolicyRow = z.infer<typeof PolicyRow>;
export type ReportExtract = z.infer<typeof ReportExtract>;

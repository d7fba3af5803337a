import { z } from 'zod';

/** A report is identified by the sha256 of its bytes (lower-case hex), so the same PDF is one report wherever it came from. */
export const ReportId = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a report id is the sha256 of the PDF bytes, 64 lower-case hex digits')
  .describe('sha256 of the PDF bytes, lower-case hex');

export const IsoDate = z.iso.date().describe('calendar date, YYYY-MM-DD');
export const IsoDateTime = z.iso.datetime({ offset: true }).describe('instant, ISO 8601 with offset');

/** Two-letter USPS code (states, DC and territories). */
export const UspsCode = z.string().regex(/^[A-Z]{2}$/, 'a two-letter USPS code such as CT');

export const ReportPeriod = z
  .object({ start: IsoDate.nullable(), end: IsoDate.nullable() })
  .describe('the period the report covers, as printed in its title; null when the report does not state it');

/** A report-level source reference carried on downstream events, so a reader can always go back to the PDF. */
export const ReportRef = z.object({
  reportId: ReportId,
  sourceUrl: z
    .string()
    .nullable()
    .describe('where the PDF was fetched from; null for uploads and inbox files'),
  period: ReportPeriod,
});

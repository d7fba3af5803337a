import { z } from 'zod';
import { IsoDate, IsoDateTime, ReportId, ReportPeriod, ReportRef, UspsCode } from './common';
import { CategoryMatch, JurisdictionEntity } from './jurisdiction';
import { DeclinedRow, PolicyRow, ReportExtract } from './report-extract';
import { Exposure } from './exposure';

const v1 = { schemaVersion: z.literal(1) };

export const ReportSourceKind = z.enum(['index', 'url', 'inbox', 'upload']);

export const ReportFetchedV1 = z.object({
  ...v1,
  reportId: ReportId,
  objectKey: z.string().describe('key of the PDF bytes in the JetStream Object Store'),
  sizeBytes: z.number().int().positive(),
  contentType: z.string().nullable(),
  source: z.object({
    id: z.string().describe('configured source id, or "upload"'),
    kind: ReportSourceKind,
    url: z.string().nullable(),
    fileName: z.string().nullable(),
  }),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  fetchedAt: IsoDateTime,
  supersedes: ReportId.nullable().describe('an earlier report from the same URL that these bytes correct'),
});

export const ReportFetchFailedV1 = z.object({
  ...v1,
  sourceId: z.string(),
  url: z.string().nullable(),
  status: z.enum(['failing', 'recovered']),
  reason: z
    .string()
    .describe('why the last attempt failed; for "recovered", the reason of the failure that ended'),
  consecutiveFailures: z.number().int().nonnegative(),
  lastSuccessAt: IsoDateTime.nullable(),
  at: IsoDateTime,
});

export const ReportRejectedV1 = z.object({
  ...v1,
  reportId: ReportId,
  sourceUrl: z.string().nullable(),
  reason: z.enum([
    'encrypted',
    'not_a_ddor',
    'no_text_layer',
    'corrupt',
    'too_many_pages',
    'empty',
    'too_large',
  ]),
  message: z.string().describe('human-readable explanation naming the problem'),
  rejectedAt: IsoDateTime,
});

export const ReportExtractedV1 = z.object({
  ...v1,
  reportId: ReportId,
  sourceUrl: z.string().nullable(),
  supersedes: ReportId.nullable(),
  extract: ReportExtract,
  extractedAt: IsoDateTime,
});

/** One Section II row. Event id `${reportId}:${rowIndex}`: re-processing a report never creates a second event. */
export const DetainerDeclinedV1 = z.object({
  ...v1,
  reportId: ReportId,
  rowIndex: z.number().int().nonnegative().describe('0-based position of the row in Section II'),
  rowCount: z.number().int().positive().describe('number of Section II rows in the report'),
  period: ReportPeriod,
  sourceUrl: z.string().nullable(),
  state: UspsCode,
  county: z.string(),
  facility: z.string(),
  citizenship: z.string(),
  notableCriminalActivity: z.string(),
  detainerIssued: IsoDate.nullable(),
  detainerDeclined: IsoDate.nullable(),
  page: z.number().int().positive(),
});

/** What a report says about one resolved jurisdiction. One event per jurisdiction per report. */
export const JurisdictionClassification = z.object({
  report: ReportRef,
  position: z
    .object({ index: z.number().int().nonnegative(), total: z.number().int().positive() })
    .describe('this jurisdiction is number index (0-based) of total resolved in the report'),
  entity: JurisdictionEntity,
  confidence: z.number().min(0).max(1),
  rawNames: z.array(z.string()).min(1).describe('every name in the report that resolved to this entity'),
  declinedCount: z.number().int().nonnegative(),
  declinedRows: z.array(DeclinedRow.extend({ rowIndex: z.number().int().nonnegative() })),
  highestVolumeCount: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe('Section I detainers issued; null when not listed'),
  policies: z
    .array(PolicyRow)
    .describe(
      'every Section III row listed for the jurisdiction, in report order; empty when it is not listed in Section III',
    ),
  categories: z.array(CategoryMatch).describe('merged from every row in policies'),
  isNew: z.boolean().describe('not listed in the previous report of the series'),
  previousReportId: ReportId.nullable(),
  unresolvedInReport: z
    .number()
    .int()
    .nonnegative()
    .describe('names in this report that could not be resolved'),
});

export const JurisdictionClassifiedV1 = z.object({ ...v1, ...JurisdictionClassification.shape });

export const GrantExposureEstimatedV1 = z.object({
  ...v1,
  classification: JurisdictionClassification.describe(
    'the jurisdiction.classified payload this estimate is for',
  ),
  exposure: Exposure,
});

export const AlertSentV1 = z.object({
  ...v1,
  reportId: ReportId,
  watchId: z.string(),
  deliveryId: z.string(),
  jurisdictionIds: z.array(z.string()).min(1),
  attempts: z.number().int().positive(),
  sentAt: IsoDateTime,
});

export const AlertFailedV1 = z.object({
  ...v1,
  reportId: ReportId,
  watchId: z.string(),
  deliveryId: z.string(),
  jurisdictionIds: z.array(z.string()),
  permanent: z.boolean().describe('true for a 5xx SMTP reply: no further attempt will be made'),
  smtpCode: z.number().int().nullable(),
  reason: z.string(),
  attempts: z.number().int().positive(),
  failedAt: IsoDateTime,
});

export type ReportFetchedV1 = z.infer<typeof ReportFetchedV1>;
export type ReportFetchFailedV1 = z.infer<typeof ReportFetchFailedV1>;
export type ReportRejectedV1 = z.infer<typeof ReportRejectedV1>;
export type ReportExtractedV1 = z.infer<typeof ReportExtractedV1>;
export type DetainerDeclinedV1 = z.infer<typeof DetainerDeclinedV1>;
export type JurisdictionClassification = z.infer<typeof JurisdictionClassification>;
export type JurisdictionClassifiedV1 = z.infer<typeof JurisdictionClassifiedV1>;
export type GrantExposureEstimatedV1 = z.infer<typeof GrantExposureEstimatedV1>;
export type AlertSentV1 = z.infer<typeof AlertSentV1>;
export type AlertFailedV1 = z.infer<typeof AlertFailedV1>;

import { z } from 'zod';
import { envelopeOf } from './envelope';
import { Subject, Subjects } from './subjects';
import * as E from './payloads/events';

interface ContractDef<S extends Subject, T extends z.ZodType> {
  subject: S;
  version: number;
  data: T;
  /** Public subjects are documented in the AsyncAPI document for downstream subscribers. */
  public: boolean;
  summary: string;
}

const def = <S extends Subject, T extends z.ZodType>(c: ContractDef<S, T>) => ({
  ...c,
  envelope: envelopeOf(c.subject, c.version, c.data),
});

/** Every subject's current contract: its payload schema, version and envelope. The single source of truth. */
export const contracts = {
  [Subjects.ReportFetched]: def({
    subject: Subjects.ReportFetched,
    version: 1,
    data: E.ReportFetchedV1,
    public: true,
    summary: 'A new report (new PDF bytes) was downloaded and stored.',
  }),
  [Subjects.ReportFetchFailed]: def({
    subject: Subjects.ReportFetchFailed,
    version: 1,
    data: E.ReportFetchFailedV1,
    public: true,
    summary: 'A source has failed repeatedly, or has recovered.',
  }),
  [Subjects.ReportExtracted]: def({
    subject: Subjects.ReportExtracted,
    version: 1,
    data: E.ReportExtractedV1,
    public: true,
    summary: 'Every row of every section of a report, as printed.',
  }),
  [Subjects.ReportRejected]: def({
    subject: Subjects.ReportRejected,
    version: 1,
    data: E.ReportRejectedV1,
    public: true,
    summary: 'A fetched file could not be read as a DDOR, and why.',
  }),
  [Subjects.DetainerDeclined]: def({
    subject: Subjects.DetainerDeclined,
    version: 1,
    data: E.DetainerDeclinedV1,
    public: true,
    summary: 'One Section II row: a detainer the report records as declined.',
  }),
  [Subjects.JurisdictionClassified]: def({
    subject: Subjects.JurisdictionClassified,
    version: 1,
    data: E.JurisdictionClassifiedV1,
    public: true,
    summary: 'What one report says about one resolved jurisdiction, with its policy categories.',
  }),
  [Subjects.GrantExposureEstimated]: def({
    subject: Subjects.GrantExposureEstimated,
    version: 1,
    data: E.GrantExposureEstimatedV1,
    public: true,
    summary: 'Estimated OJP (and COPS) grant money at risk for one listed jurisdiction, with sources.',
  }),
  [Subjects.AlertSent]: def({
    subject: Subjects.AlertSent,
    version: 1,
    data: E.AlertSentV1,
    public: false,
    summary: 'An alert email was accepted by the SMTP server.',
  }),
  [Subjects.AlertFailed]: def({
    subject: Subjects.AlertFailed,
    version: 1,
    data: E.AlertFailedV1,
    public: false,
    summary: 'An alert email could not be delivered (temporarily or permanently).',
  }),
} as const;

export type Contracts = typeof contracts;
/** The payload type of a subject, inferred from its schema. */
export type PayloadOf<S extends Subject> = z.infer<Contracts[S]['data']>;
/** The full CloudEvents envelope type of a subject. */
export type EventOf<S extends Subject> = z.infer<Contracts[S]['envelope']>;

import { z } from 'zod';
import { IsoDateTime } from './payloads/common';

export const SPEC_VERSION = '1.0' as const;

/** CloudEvents `type` for a subject and payload version, e.g. `org.detainerwatch.detainer.declined.v1`. */
export const eventType = (subject: string, version: number): string =>
  `org.detainerwatch.${subject}.v${version}`;

/** CloudEvents `dataschema`: the generated JSON Schema of the payload, named by subject and version. */
export const dataSchemaUri = (subject: string, version: number): string =>
  `urn:detainer-watch:schema:${subject}:v${version}`;

/**
 * CloudEvents 1.0 structured-mode envelope (JSON). `reportid` is a CloudEvents extension attribute that every
 * report-scoped event carries, so one report can be followed through all five services' logs.
 */
export const envelopeOf = <T extends z.ZodType>(subject: string, version: number, data: T) =>
  z.object({
    specversion: z.literal(SPEC_VERSION),
    id: z.string().min(1).max(200).describe('deterministic: the same fact always gets the same id'),
    source: z.string().min(1).describe('the producing service, e.g. /detainer-watch/pdf-extractor'),
    type: z.literal(eventType(subject, version)),
    time: IsoDateTime,
    subject: z.string().optional(),
    datacontenttype: z.literal('application/json'),
    dataschema: z.literal(dataSchemaUri(subject, version)),
    reportid: z.string().optional(),
    data,
  });

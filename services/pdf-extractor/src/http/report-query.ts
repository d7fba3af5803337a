import { z } from 'zod';
import { ReportId } from '@detainer-watch/contracts';

/** Why a request was refused, one sentence per offending parameter. */
export class InvalidRequest extends Error {
  override readonly name = 'InvalidRequest';
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new InvalidRequest(
    r.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; '),
  );
}

export function parseReportId(raw: string): string {
  if (ReportId.safeParse(raw).success) return raw;
  throw new InvalidRequest(
    `'${raw.slice(0, 80)}' is not a report id: expected the sha256 of the PDF bytes, 64 lower-case hex digits`,
  );
}

export const SECTIONS = ['I', 'II', 'III'] as const;
export type Section = (typeof SECTIONS)[number];

const RowsQuery = z.object({
  section: z.enum(SECTIONS, { error: 'section must be I, II or III (e.g. ?section=II)' }),
  format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json'),
});
export type RowsQuery = z.infer<typeof RowsQuery>;
export const parseRowsQuery = (query: unknown): RowsQuery => parse(RowsQuery, query);

const ListQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a whole number from 1 to 200' })
    .int('limit must be a whole number from 1 to 200')
    .min(1, 'limit must be a whole number from 1 to 200')
    .max(200, 'limit must be a whole number from 1 to 200')
    .default(50),
  offset: z.coerce
    .number({ error: 'offset must be a whole number, 0 or more' })
    .int('offset must be a whole number, 0 or more')
    .min(0, 'offset must be a whole number, 0 or more')
    .default(0),
  status: z.enum(['extracted', 'rejected'], { error: 'status must be extracted or rejected' }).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;
export const parseListQuery = (query: unknown): ListQuery => parse(ListQuery, query);

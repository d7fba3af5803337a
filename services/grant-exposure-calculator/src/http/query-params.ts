import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { FiscalYearList, ProgramList } from '../config';

/** GET /exposure query: which jurisdiction, fiscal years, programs and clawback window. */
export const ExposureQuery = z.object({
  jurisdiction: z
    .string({ error: 'jurisdiction is required: an entity id (state:09), a FIPS code (0937000) or a name' })
    .trim()
    .min(1, 'jurisdiction is required: an entity id (state:09), a FIPS code (0937000) or a name')
    // Its own message: without one, the schema-level "is required" above would be reported for a long value too.
    .max(300, 'jurisdiction is at most 300 characters'),
  fy: FiscalYearList.optional(),
  programs: ProgramList.optional(),
  clawback: z.coerce.number().int().min(0).max(10).optional(),
});

/** Parses query or body input with a zod schema; a 400 names every offending parameter. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`),
  });
}

import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** Parses a request part with zod; a 400 names the parameter and what was expected. */
export function parseRequest<T extends z.ZodType>(schema: T, what: string, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new BadRequestException({
    error: 'invalid_request',
    message: `${what}: ${r.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`,
  });
}

export const reportIdOf = (raw: string) =>
  parseRequest(
    z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'expected a report id: the sha256 of the PDF, 64 lower-case hex digits'),
    'report id',
    raw,
  );

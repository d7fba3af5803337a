import type { z } from 'zod';

/** Input that names a problem the caller can fix (HTTP 400, or an RPC error reply). */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }

  /**
   * One message naming every offending field, e.g. `invalid query: state: a two-letter USPS code such as CT`. A
   * problem with the input as a whole (a path parameter, a body that is not an object) is told without a field name.
   */
  static fromZod(what: string, error: z.ZodError): InvalidRequestError {
    const issues = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    return new InvalidRequestError(`invalid ${what}: ${issues.join('; ')}`);
  }
}

/** The thing asked for does not exist (HTTP 404). */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** Parses with a zod schema or throws InvalidRequestError naming the fields. */
export function parseRequest<T extends z.ZodType>(schema: T, what: string, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw InvalidRequestError.fromZod(what, r.error);
  return r.data;
}

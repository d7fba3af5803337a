import { z } from 'zod';
import { InvalidRequestError, parseRequest } from './errors';

describe('parseRequest', () => {
  it('names each offending field of an object', () => {
    const schema = z.object({
      state: z.string().length(2, 'a two-letter USPS code such as CT'),
      limit: z.number(),
    });
    expect(() => parseRequest(schema, 'query', { state: 'Conn', limit: 'x' })).toThrow(
      'invalid query: state: a two-letter USPS code such as CT; limit: Invalid input: expected number, received string',
    );
  });

  it('tells a problem with a whole value (a path parameter) without a made-up field name', () => {
    const schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected the sha256 of the PDF, 64 hex digits');
    let error: unknown;
    try {
      parseRequest(schema, 'report id', 'abc');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toBe('invalid report id: expected the sha256 of the PDF, 64 hex digits');
  });
});

/**
 * TypeORM's Postgres driver returns `[rows, rowCount]` for UPDATE and DELETE (with or without RETURNING) and the
 * rows alone for other statements; this gives the rows in both cases.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

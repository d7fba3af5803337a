import { randomBytes } from 'node:crypto';

/**
 * A short id unique to this test run: lower-case letters and digits only, so it is valid in a Postgres schema
 * name, a NATS subject token, a stream name and an object-store bucket alike.
 */
export function uniqueRunId(): string {
  return `r${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

import { z } from 'zod';
import { SPEC_VERSION, dataSchemaUri, eventType } from './envelope';
import { contracts, EventOf, PayloadOf } from './registry';
import { Subject } from './subjects';

export interface NewEvent<S extends Subject> {
  /** Deterministic id: the same fact must always produce the same id (JetStream dedupes on it). */
  id: string;
  /** Producing service name, e.g. "pdf-extractor". */
  source: string;
  data: PayloadOf<S>;
  subject?: string;
  reportId?: string;
  time?: Date;
}

/** Builds a validated CloudEvents envelope for a subject. Throws (zod) when the payload breaks its contract. */
export function createEvent<S extends Subject>(subject: S, e: NewEvent<S>): EventOf<S> {
  const c = contracts[subject];
  const envelope = {
    specversion: SPEC_VERSION,
    id: e.id,
    source: `/detainer-watch/${e.source}`,
    type: eventType(subject, c.version),
    time: (e.time ?? new Date()).toISOString(),
    ...(e.subject !== undefined ? { subject: e.subject } : {}),
    datacontenttype: 'application/json' as const,
    dataschema: dataSchemaUri(subject, c.version),
    ...(e.reportId !== undefined ? { reportid: e.reportId } : {}),
    data: e.data,
  };
  return c.envelope.parse(envelope) as EventOf<S>;
}

export class ContractViolation extends Error {
  constructor(
    readonly subject: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(
      `message on ${subject} breaks its contract: ` +
        issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
    this.name = 'ContractViolation';
  }
}

/** Parses a received envelope at the edge; throws ContractViolation naming every offending field. */
export function parseEvent<S extends Subject>(subject: S, raw: unknown): EventOf<S> {
  const r = contracts[subject].envelope.safeParse(raw);
  if (!r.success) throw new ContractViolation(subject, r.error.issues);
  return r.data as EventOf<S>;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AckPolicy, connect, DeliverPolicy, nanos, type ConsumerMessages, type NatsConnection } from 'nats';
import { natsServers } from '@detainer-watch/testing';
import { repoRoot } from './services';
import { waitFor } from '@detainer-watch/testing';

export const JSON_SCHEMA_DIR = join(repoRoot, 'libs', 'contracts', 'generated', 'json-schema');

/** An event as a subscriber sees it: the CloudEvents envelope (any payload), checked against the JSON Schema. */
export interface CollectedEvent {
  /** Logical subject, without the run's prefix, e.g. `detainer.declined`. */
  subject: string;
  /** Stream sequence. */
  seq: number;
  envelope: { id: string; type: string; reportid?: string; data: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  /** null when valid; otherwise why it is not (no schema for its type, or the schema's errors). */
  schemaError: string | null;
}

/** The published JSON Schemas by CloudEvents `type` (`org.detainerwatch.<subject>.v<n>`), compiled with ajv. */
export function loadPublishedSchemas(): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const byType = new Map<string, ValidateFunction>();
  for (const file of readdirSync(JSON_SCHEMA_DIR).filter((f) => f.endsWith('.json'))) {
    const m = /^(.+)\.v(\d+)\.json$/.exec(file);
    if (!m) continue;
    const schema = JSON.parse(readFileSync(join(JSON_SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
    byType.set(`org.detainerwatch.${m[1]}.v${m[2]}`, ajv.compile(schema));
  }
  return byType;
}

/**
 * An independent subscriber: a plain JetStream ordered consumer (nats.js only, none of this repository's messaging
 * code) reading every event of the run's stream from the start, and validating each against the published JSON
 * Schema of its type, as a downstream subscriber in any language would.
 */
export class EventCollector {
  readonly events: CollectedEvent[] = [];
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private readonly schemas: Map<string, ValidateFunction> | null;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly subjectPrefix: string,
    validate: boolean,
    private readonly bodiesOf: (subject: string) => boolean,
  ) {
    this.schemas = validate ? loadPublishedSchemas() : null;
  }

  /**
   * Connects and starts consuming `stream` from its first message. The services create the stream when they start;
   * this waits up to `streamTimeoutMs` for it.
   */
  static async start(opts: {
    natsUrl: string;
    stream: string;
    subjectPrefix: string;
    streamTimeoutMs?: number;
    /**
     * Check each event against its published JSON Schema (default). A benchmark turns it off so the observer costs
     * the machine no more than a plain subscriber; the tests check validity.
     */
    validate?: boolean;
    /**
     * Subjects whose bodies are decoded (default all). The others keep what their headers carry (`Ce-Id`,
     * `Ce-Type`, `Ce-Reportid`) and empty data: a benchmark counting tens of thousands of events reads only the
     * bodies it needs, so its own parsing does not compete with the system it measures. Implies no validation.
     */
    bodiesOf?: (subject: string) => boolean;
  }): Promise<EventCollector> {
    const nc = await connect({ servers: natsServers(opts.natsUrl), name: 'e2e-independent-subscriber' });
    const collector = new EventCollector(
      nc,
      opts.subjectPrefix,
      (opts.validate ?? true) && !opts.bodiesOf,
      opts.bodiesOf ?? (() => true),
    );
    try {
      // No API probe on connect: a cluster that has just lost or regained a server can leave one request unanswered
      // while it elects leaders, so each step below is retried until the deadline instead.
      const jsm = await nc.jetstreamManager({ checkAPI: false });
      const timeoutMs = opts.streamTimeoutMs ?? 60_000;
      await waitFor(() => jsm.streams.info(opts.stream), {
        timeoutMs,
        message: `the stream ${opts.stream} to exist`,
      });
      // An ephemeral pull consumer without acks, reading from the first message. (nats.js's ordered consumer with
      // an explicit deliver policy never delivered against the NATS 2.9 server here.) If an attempt times out after
      // the server made the consumer, that one is removed by its inactive threshold.
      const info = await waitFor(
        () =>
          jsm.consumers.add(opts.stream, {
            ack_policy: AckPolicy.None,
            deliver_policy: DeliverPolicy.All,
            inactive_threshold: nanos(5 * 60_000),
          }),
        { timeoutMs, message: `a consumer on ${opts.stream}` },
      );
      const consumer = await waitFor(() => nc.jetstream().consumers.get(opts.stream, info.name), {
        timeoutMs,
        message: `the consumer ${info.name} on ${opts.stream}`,
      });
      collector.messages = await consumer.consume();
      collector.loop = collector.run();
    } catch (err) {
      await nc.close();
      throw err;
    }
    return collector;
  }

  private async run(): Promise<void> {
    for await (const msg of this.messages!) {
      const subject = msg.subject.startsWith(this.subjectPrefix)
        ? msg.subject.slice(this.subjectPrefix.length)
        : msg.subject;
      if (!this.bodiesOf(subject)) {
        const h = msg.headers;
        const envelope = { id: h?.get('Ce-Id') ?? '', type: h?.get('Ce-Type') ?? '', data: {} };
        const reportid = h?.get('Ce-Reportid');
        this.events.push({
          subject,
          seq: msg.seq,
          envelope: reportid ? { ...envelope, reportid } : envelope,
          schemaError: null,
        });
        continue;
      }
      let envelope: CollectedEvent['envelope'];
      try {
        envelope = msg.json();
      } catch (err) {
        envelope = { id: '', type: '', data: {}, raw: msg.string() };
        this.events.push({
          subject,
          seq: msg.seq,
          envelope,
          schemaError: `not JSON: ${(err as Error).message}`,
        });
        continue;
      }
      this.events.push({ subject, seq: msg.seq, envelope, schemaError: this.validate(subject, envelope) });
    }
  }

  private validate(subject: string, envelope: CollectedEvent['envelope']): string | null {
    if (!this.schemas) return null;
    const validate = this.schemas.get(envelope.type);
    if (!validate) return `no published JSON Schema for type "${envelope.type}"`;
    if (!envelope.type.startsWith(`org.detainerwatch.${subject}.v`))
      return `type "${envelope.type}" published on subject "${subject}"`;
    if (validate(envelope)) return null;
    return (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
      .join('; ');
  }

  /** Events of one subject, optionally of one report (the envelope's `reportid` or `data.reportId`). */
  of(subject: string, reportId?: string): CollectedEvent[] {
    return this.events.filter(
      (e) => e.subject === subject && (reportId === undefined || reportIdOf(e) === reportId),
    );
  }

  /** Events that failed JSON Schema validation. */
  invalid(): CollectedEvent[] {
    return this.events.filter((e) => e.schemaError !== null);
  }

  /** Waits until `predicate` holds for the events of `subject` (and report); returns them. */
  waitFor(
    subject: string,
    predicate: (events: CollectedEvent[]) => boolean,
    opts: { timeoutMs: number; reportId?: string; message: string; context?: () => string },
  ): Promise<CollectedEvent[]> {
    return waitFor(
      () => {
        const found = this.of(subject, opts.reportId);
        return predicate(found) && found;
      },
      {
        timeoutMs: opts.timeoutMs,
        message: opts.message,
        context: () =>
          `events so far by subject: ${JSON.stringify(this.countBySubject())}\n${opts.context?.() ?? ''}`,
      },
    );
  }

  countBySubject(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.events) counts[e.subject] = (counts[e.subject] ?? 0) + 1;
    return counts;
  }

  async close(): Promise<void> {
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
    await this.nc.close();
  }
}

export function reportIdOf(e: CollectedEvent): string | undefined {
  const data = e.envelope.data as {
    reportId?: unknown;
    report?: { reportId?: unknown };
    classification?: { report?: { reportId?: unknown } };
  };
  const id =
    e.envelope.reportid ?? data?.reportId ?? data?.report?.reportId ?? data?.classification?.report?.reportId;
  return typeof id === 'string' ? id : undefined;
}

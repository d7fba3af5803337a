import { z } from 'zod';
import { dataSchemaUri, eventType } from './envelope';
import { contracts } from './registry';
import { RpcSubjects, Subject, allSubjects, deadLetterSubject } from './subjects';

/**
 * Builds the published, language-neutral descriptions of the contracts from the zod sources: one JSON Schema
 * (draft 2020-12) per event envelope, and an AsyncAPI 3 document for the public subjects. The generated files are
 * committed so subscribers in any language can code against them; a unit test fails when they drift.
 */

export const jsonSchemaFileName = (subject: Subject): string =>
  `${subject}.v${contracts[subject].version}.json`;

export function buildJsonSchema(subject: Subject): Record<string, unknown> {
  const c = contracts[subject];
  const schema = z.toJSONSchema(c.envelope, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: dataSchemaUri(subject, c.version),
    title: `${subject} v${c.version}`,
    description: c.summary,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

export function buildJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(allSubjects.map((s) => [jsonSchemaFileName(s), buildJsonSchema(s)]));
}

const key = (subject: string): string => subject.replace(/[^A-Za-z0-9]+/g, '_');

export function buildAsyncApi(packageVersion: string): Record<string, unknown> {
  const publicSubjects = allSubjects.filter((s) => contracts[s].public);
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const subject of publicSubjects) {
    const c = contracts[subject];
    const k = key(subject);
    messages[k] = {
      name: eventType(subject, c.version),
      title: `${subject} v${c.version}`,
      summary: c.summary,
      contentType: 'application/cloudevents+json',
      headers: {
        type: 'object',
        properties: {
          'Nats-Msg-Id': {
            type: 'string',
            description: 'equals the CloudEvents id; JetStream drops duplicates',
          },
        },
      },
      payload: {
        schemaFormat: 'application/schema+json;version=draft-07',
        schema: z.toJSONSchema(c.envelope, { target: 'draft-7', io: 'input' }),
      },
    };
    channels[k] = {
      address: subject,
      title: subject,
      description: `${c.summary} Stored in the JetStream stream DETAINER_EVENTS; consume with a durable consumer.`,
      messages: { [k]: { $ref: `#/components/messages/${k}` } },
    };
    operations[`publish_${k}`] = {
      action: 'send',
      title: `detainer-watch publishes ${subject}`,
      channel: { $ref: `#/channels/${k}` },
      messages: [{ $ref: `#/channels/${k}/messages/${k}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'detainer-watch events',
      version: packageVersion,
      description:
        'Events published by detainer-watch on NATS JetStream. Every message is a CloudEvents 1.0 envelope in ' +
        'structured JSON mode whose `data` carries a `schemaVersion`; a breaking change gets a new version and a new ' +
        '`type`. Event ids are deterministic (for a Section II row: `<report sha256>:<row index>`), so a subscriber ' +
        `can dedupe by id. Messages that fail processing are moved to \`${deadLetterSubject('<subject>')}\`. ` +
        `Request/reply look-ups (not persisted): ${Object.values(RpcSubjects).join(', ')}.`,
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      production: {
        host: 'localhost:4222',
        protocol: 'nats',
        description: 'the NATS server of your deployment',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}

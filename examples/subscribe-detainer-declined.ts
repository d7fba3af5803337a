/**
 * A downstream subscriber, as a newsroom or a researcher would write it: a durable JetStream consumer on
 * `detainer.declined` that survives restarts, validates each event against the published JSON Schema and acks it
 * only after it has been stored. It depends on nothing from this repository but the schema file.
 *
 *   NATS_URL=nats://subscriber:<password>@localhost:4222 npx tsx examples/subscribe-detainer-declined.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AckPolicy, connect, DeliverPolicy } from 'nats';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const prefix = process.env.NATS_SUBJECT_PREFIX ?? ''; // empty in a normal deployment
const stream = `${process.env.NATS_STREAM_PREFIX ?? 'DETAINER_'}EVENTS`;
const durable = process.env.CONSUMER_NAME ?? 'my-newsroom';
const limit = Number(process.env.STOP_AFTER ?? Infinity); // stop after N events (used by the example's test)

const schema = JSON.parse(
  readFileSync(
    join(__dirname, '..', 'libs/contracts/generated/json-schema/detainer.declined.v1.json'),
    'utf8',
  ),
);
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
const isDetainerDeclined = ajv.compile(schema);

async function main(): Promise<void> {
  const nc = await connect({ servers });
  const jsm = await nc.jetstreamManager();
  // A durable consumer remembers what was acked: a restart continues where it stopped, nothing is skipped.
  await jsm.consumers.add(stream, {
    durable_name: durable,
    filter_subject: `${prefix}detainer.declined`,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
  });
  const consumer = await nc.jetstream().consumers.get(stream, durable);
  const seen = new Set<string>();
  for await (const msg of await consumer.consume()) {
    const event = msg.json<{ id: string; data: Record<string, unknown> }>();
    if (!isDetainerDeclined(event)) {
      console.error('not a detainer.declined v1 event:', ajv.errorsText(isDetainerDeclined.errors));
      msg.term(); // a malformed message will not get better by retrying
      continue;
    }
    // The event id is deterministic (`<report sha256>:<row index>`): store by id and a redelivery is harmless.
    if (!seen.has(event.id)) {
      seen.add(event.id);
      const d = event.data;
      console.log(
        JSON.stringify({
          id: event.id,
          state: d.state,
          county: d.county,
          facility: d.facility,
          declined: d.detainerDeclined,
          page: d.page,
        }),
      );
    }
    msg.ack();
    if (seen.size >= limit) break;
  }
  await nc.drain();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

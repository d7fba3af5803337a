import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildAsyncApi, buildJsonSchemas, jsonSchemaFileName } from './documents';
import { createEvent } from './events';
import { Subjects } from './subjects';
import { generatedDir, packageVersion, serialize } from '../scripts/paths';

const stale = 'is out of date with the zod sources: run `npm run contracts:generate` and commit the result';

describe('generated contract documents', () => {
  it('has one committed JSON Schema per subject, identical to what the zod sources generate', () => {
    const expected = buildJsonSchemas();
    const onDisk = readdirSync(join(generatedDir, 'json-schema')).sort();
    expect(onDisk).toEqual(Object.keys(expected).sort());
    for (const [file, schema] of Object.entries(expected)) {
      const committed = readFileSync(join(generatedDir, 'json-schema', file), 'utf8');
      if (committed !== serialize(schema)) throw new Error(`generated/json-schema/${file} ${stale}`);
    }
  });

  it('has a committed AsyncAPI document identical to what the zod sources generate', () => {
    const committed = readFileSync(join(generatedDir, 'asyncapi.json'), 'utf8');
    if (committed !== serialize(buildAsyncApi(packageVersion())))
      throw new Error(`generated/asyncapi.json ${stale}`);
  });

  it('documents every public subject in AsyncAPI 3 and leaves the internal alert subjects out', () => {
    const doc = buildAsyncApi('0.0.0') as { asyncapi: string; channels: Record<string, { address: string }> };
    expect(doc.asyncapi).toBe('3.0.0');
    const addresses = Object.values(doc.channels).map((c) => c.address);
    expect(addresses).toContain(Subjects.DetainerDeclined);
    expect(addresses).not.toContain(Subjects.AlertSent);
  });

  it('accepts an event built by createEvent and rejects a broken one, as a subscriber in another language would', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(buildJsonSchemas()[jsonSchemaFileName(Subjects.DetainerDeclined)]);
    const reportId = 'a'.repeat(64);
    const event = createEvent(Subjects.DetainerDeclined, {
      id: `${reportId}:0`,
      source: 'pdf-extractor',
      reportId,
      data: {
        schemaVersion: 1,
        reportId,
        rowIndex: 0,
        rowCount: 1,
        period: { start: '2017-01-28', end: '2017-02-03' },
        sourceUrl: null,
        state: 'TX',
        county: 'Travis',
        facility: 'Travis County Jail',
        citizenship: 'Mexico',
        notableCriminalActivity: 'Assault Causes Bodily Injury',
        detainerIssued: '2016-12-21',
        detainerDeclined: '2017-02-01',
        page: 7,
      },
    });
    expect(validate(event)).toBe(true);
    expect(validate({ ...event, data: { ...event.data, state: 'Texas' } })).toBe(false);
  });
});

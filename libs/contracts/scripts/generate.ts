// Regenerates libs/contracts/generated from the zod sources: `npm run contracts:generate`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApi, buildJsonSchemas } from '../src/documents';
import { generatedDir, packageVersion, serialize } from './paths';

const schemasDir = join(generatedDir, 'json-schema');
rmSync(schemasDir, { recursive: true, force: true });
mkdirSync(schemasDir, { recursive: true });
for (const [file, schema] of Object.entries(buildJsonSchemas()))
  writeFileSync(join(schemasDir, file), serialize(schema));
writeFileSync(join(generatedDir, 'asyncapi.json'), serialize(buildAsyncApi(packageVersion())));
console.log(`wrote ${generatedDir}`);

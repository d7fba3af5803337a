import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEnv } from '@detainer-watch/config';
import { configurationMarkdown, serviceConfigs } from '../../scripts/service-configs';
import { environmentOf, loadCompose } from './compose-validation';

const root = join(__dirname, '..', '..');

describe('service configuration', () => {
  it('docs/configuration.md is generated from the config schemas and up to date', () => {
    const committed = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
    if (committed !== configurationMarkdown())
      throw new Error(
        'docs/configuration.md is out of date: run `npx tsx scripts/config-reference.ts` and commit it',
      );
  });

  it('docker-compose.yml sets every variable a service requires', () => {
    const { doc } = loadCompose(join(root, 'docker-compose.yml'));
    const missing: string[] = [];
    for (const [name, schema] of Object.entries(serviceConfigs)) {
      const env = environmentOf(doc.services[name] ?? {});
      for (const v of describeEnv(schema))
        if (v.required && !(v.name in env)) missing.push(`${name}: ${v.name}`);
    }
    expect(missing).toEqual([]);
  });
});

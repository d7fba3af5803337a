// Writes docs/configuration.md from the services' config schemas.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationMarkdown } from './service-configs';

writeFileSync(join(__dirname, '..', 'docs', 'configuration.md'), configurationMarkdown());
console.log('wrote docs/configuration.md');

import type { z } from 'zod';
import { configSchema as reportFetcher } from '../services/report-fetcher/src/config';
import { configSchema as pdfExtractor } from '../services/pdf-extractor/src/config';
import { configSchema as jurisdictionClassifier } from '../services/jurisdiction-classifier/src/config';
import { configSchema as grantExposureCalculator } from '../services/grant-exposure-calculator/src/config';
import { configSchema as notifier } from '../services/notifier/src/config';
import { configSchema as dashboard } from '../services/dashboard/src/config';
import { describeEnv } from '@detainer-watch/config';

/** Every service's configuration schema: the one source for docs/configuration.md and the compose check. */
export const serviceConfigs: Record<string, z.ZodObject> = {
  'report-fetcher': reportFetcher,
  'pdf-extractor': pdfExtractor,
  'jurisdiction-classifier': jurisdictionClassifier,
  'grant-exposure-calculator': grantExposureCalculator,
  notifier,
  dashboard,
};

const cell = (s: string | undefined): string => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/configuration.md, generated: `npx tsx scripts/config-reference.ts`. */
export function configurationMarkdown(): string {
  const out = [
    '# Configuration',
    '',
    "Generated from each service's zod config schema (`services/<name>/src/config.ts`) by",
    '`npx tsx scripts/config-reference.ts`; a test fails when it is out of date. A service checks all of its',
    'variables at start and stops with a message naming every one that is missing or malformed.',
    '',
  ];
  for (const [name, schema] of Object.entries(serviceConfigs)) {
    out.push(`## ${name}`, '', '| variable | required | default | meaning |', '|---|---|---|---|');
    for (const v of describeEnv(schema))
      out.push(
        `| \`${v.name}\` | ${v.required ? 'yes' : 'no'} | ${v.default === undefined ? '' : `\`${cell(v.default)}\``} | ${cell(v.description)} |`,
      );
    out.push('');
  }
  return out.join('\n');
}

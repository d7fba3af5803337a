import { z } from 'zod';
import { platformEnv } from '@detainer-watch/config';

export const SERVICE_NAME = 'jurisdiction-classifier';

export const configSchema = platformEnv.extend({
  GAZETTEER_DATA_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'folder holding gazetteer.tsv and facility-aliases.tsv; defaults to the snapshot shipped in libs/jurisdictions/data',
    ),
});

export type ServiceConfig = z.infer<typeof configSchema>;

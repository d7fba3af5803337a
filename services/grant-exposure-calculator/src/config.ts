import { z } from 'zod';
import { GrantProgram } from '@detainer-watch/contracts';
import { DEFAULT_CLAWBACK_YEARS } from '@detainer-watch/grant-exposure';
import { platformEnv } from '@detainer-watch/config';

/** "JAG,SCAAP" → ['JAG', 'SCAAP'], each checked against the programs the contracts know. */
export const ProgramList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((p) => p.trim().toUpperCase())
      .filter(Boolean),
  )
  .pipe(z.array(GrantProgram).min(1, 'expected at least one program'));

/** "2016,2017" → [2016, 2017]. */
export const FiscalYearList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((y) => y.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^\d{4}$/, 'expected four-digit fiscal years such as 2017')
          .transform(Number),
      )
      .min(1, 'expected at least one fiscal year'),
  );

export const configSchema = platformEnv.extend({
  EXPOSURE_PROGRAMS: ProgramList.default(['JAG', 'SCAAP']).describe(
    'grant programs estimated for each classified jurisdiction, comma-separated, of JAG, SCAAP, COPS (COPS is a DOJ program outside OJP, so it is opt-in)',
  ),
  EXPOSURE_FISCAL_YEARS: FiscalYearList.optional().describe(
    "fiscal years estimated for every report, comma-separated; default the federal fiscal year of the report's period",
  ),
  EXPOSURE_CLAWBACK_YEARS: z.coerce
    .number()
    .int('expected a whole number')
    .min(0)
    .max(10)
    .default(DEFAULT_CLAWBACK_YEARS)
    .describe('prior fiscal years whose awards count as a clawback scenario (an upper bound); 0 for none'),
  LEDGER_LOAD_REFERENCE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('load the shipped reference ledger (figures with citations) at start; idempotent'),
  RESOLVE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(3000)
    .describe('how long to wait for the jurisdiction classifier to resolve one award recipient'),
  RESOLVE_RETRY_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(30_000)
    .describe('how often recipients left pending (classifier unreachable) are resolved again'),
  IMPORT_MAX_UPLOAD_MB: z.coerce
    .number()
    .int()
    .positive()
    .default(2048)
    .describe('largest CSV accepted by POST /ledger/imports, in MiB'),
});

export type ServiceConfig = z.infer<typeof configSchema>;

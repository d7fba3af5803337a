import { z } from 'zod';

/** COPS (16.710) is a DOJ program but not an OJP one; it is kept as a separate program a user can select or leave out. */
export const GrantProgram = z.enum(['JAG', 'SCAAP', 'COPS']);
export const ProgramCfda: Record<z.infer<typeof GrantProgram>, string> = {
  JAG: '16.738',
  SCAAP: '16.606',
  COPS: '16.710',
};

/** Amounts are integer cents, so no figure is ever rounded by floating point on its way through the system. */
export const AmountCents = z.number().int().describe('US dollars times 100, exact');

/**
 * How trustworthy a figure is: `exact` as printed by the source; `rounded` where the source printed a rounded figure
 * ("$2.6 million"); `unknown` where no figure exists (never reported as 0).
 */
export const FigureStatus = z.enum(['exact', 'rounded', 'unknown']);
/** For a total: `partial` when some lines behind it are rounded or unknown. */
export const TotalStatus = z.enum(['exact', 'partial', 'unknown']);

export const LedgerSource = z.object({
  ledgerRowId: z.string().describe('id of the award ledger row; GET /exposure expands it'),
  citation: z.string().describe('source title and where in it (file and row, or page)'),
  url: z.string().nullable(),
  note: z
    .string()
    .nullable()
    .describe('what the source printed, e.g. "printed \'about $2.6 million\' (rounded)"'),
});

export const ExposureLine = z.object({
  program: GrantProgram,
  cfda: z.string(),
  fiscalYear: z.number().int(),
  basis: z
    .enum(['direct', 'state_passthrough', 'clawback'])
    .describe(
      'direct award to the jurisdiction; a state award passing through to localities; money already paid that could be recovered',
    ),
  amountCents: AmountCents.nullable().describe('null when unknown, never 0 for "no data"'),
  status: FigureStatus,
  sources: z.array(LedgerSource),
});

export const Exposure = z.object({
  estimate: z.literal(true).describe('these figures are estimates of money at risk, not amounts withheld'),
  programs: z.array(GrantProgram),
  fiscalYears: z.array(z.number().int()),
  lines: z.array(ExposureLine),
  totalCents: AmountCents.nullable().describe('sum of the known lines; null when every line is unknown'),
  totalStatus: TotalStatus,
  method: z.string().describe('one sentence on how the estimate was made'),
});

export type GrantProgram = z.infer<typeof GrantProgram>;
export type FigureStatus = z.infer<typeof FigureStatus>;
export type TotalStatus = z.infer<typeof TotalStatus>;
export type LedgerSource = z.infer<typeof LedgerSource>;
export type ExposureLine = z.infer<typeof ExposureLine>;
export type Exposure = z.infer<typeof Exposure>;

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AmountCents, GrantProgram } from '@detainer-watch/contracts';

/** Kind of government that received the money, as the source states it (or as inferred from its name). */
export const RecipientType = z.enum([
  'state',
  'county',
  'city',
  'town',
  'special_district',
  'tribe',
  'other',
]);

/**
 * What a figure measures. The estimator prefers them in this order for the same program, year and jurisdiction, so one
 * award reported by several sources is never counted twice: USAspending obligations, OJP award amounts, BJA formula
 * allocations, then figures printed in reports and news (`reported`). `passthrough` is the part of a state award the
 * state must pass on to localities; it is a breakdown of the state award, never added to it.
 */
export const LedgerMeasure = z.enum(['obligation', 'award', 'allocation', 'reported', 'passthrough']);

/**
 * Who a figure belongs to: `recipient` = money to that one government; `area_total` = a state plus its localities;
 * `joint` = a JAG disparate group's joint allocation; `aggregate` = national or multi-jurisdiction totals. Only
 * `recipient` figures are attributed to a jurisdiction's direct exposure.
 */
export const LedgerScope = z.enum(['recipient', 'area_total', 'joint', 'aggregate']);

export const LedgerSourceKind = z.enum([
  'usaspending',
  'ojp_awards',
  'bja_jag_allocations',
  'reference_figures',
]);

export const LedgerRowSource = z.object({
  kind: LedgerSourceKind,
  file: z.string().nullable().describe('the imported file as named to the importer'),
  line: z.number().int().positive().nullable().describe('line of the record in that file'),
  url: z.string().nullable().describe('the page the figure was read from, when the source cites one'),
  title: z.string().describe('the source document or data set'),
  note: z.string().nullable().describe('what the source printed, or a caveat'),
});

export const LedgerRow = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/, 'a ledger row id is 32 lower-case hex digits'),
  program: GrantProgram,
  cfda: z.string().regex(/^\d{2}\.\d{3}$/),
  fiscalYear: z
    .number()
    .int()
    .min(1990)
    .max(2100)
    .nullable()
    .describe('null when the source gives a range or average'),
  fiscalYearText: z.string().describe('fiscal year as printed'),
  recipient: z.string().min(1).describe('recipient as printed'),
  recipientType: RecipientType,
  state: z.string().regex(/^[A-Z]{2}$/, 'a USPS code, or US for national figures'),
  scope: LedgerScope,
  measure: LedgerMeasure,
  jurisdictionId: z
    .string()
    .min(1)
    .nullable()
    .describe('null until the recipient is resolved, and for aggregates'),
  fips: z
    .string()
    .regex(/^\d{2,10}$/)
    .nullable(),
  amountCents: AmountCents,
  amountStatus: z.enum(['exact', 'rounded']),
  awardId: z.string().nullable(),
  source: LedgerRowSource,
});

export type RecipientType = z.infer<typeof RecipientType>;
export type LedgerMeasure = z.infer<typeof LedgerMeasure>;
export type LedgerScope = z.infer<typeof LedgerScope>;
export type LedgerSourceKind = z.infer<typeof LedgerSourceKind>;
export type LedgerRowSource = z.infer<typeof LedgerRowSource>;
export type LedgerRow = z.infer<typeof LedgerRow>;

/**
 * Deterministic row id: the source kind plus what identifies the row inside that source (a USAspending transaction key,
 * an OJP award number, a cited page plus recipient and year). It does not depend on the file name, so importing the
 * same records again, from the same file or a later download, adds nothing twice.
 */
export function ledgerRowId(kind: LedgerSourceKind, identity: readonly (string | number | null)[]): string {
  const hash = createHash('sha256');
  hash.update(kind);
  for (const part of identity) hash.update('\u001f' + (part === null ? '\u0000' : String(part)));
  return hash.digest('hex').slice(0, 32);
}

/** The citation a reader sees next to a figure: the source title and where in it. */
export function citationOf(source: LedgerRowSource): string {
  const where = source.file ? `${source.file}${source.line ? `:${source.line}` : ''}` : null;
  return where ? `${source.title} (${where})` : source.title;
}

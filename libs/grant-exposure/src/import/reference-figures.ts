import { ProgramCfda, type GrantProgram } from '@detainer-watch/contracts';
import { ledgerRowId, type LedgerScope, type RecipientType } from '../ledger/ledger-row';
import type { CsvInput } from './csv-records';
import { parseAmount, parseState } from './fields';
import { figureStatusFromNote } from './figure-status';
import {
  importCsv,
  requireColumns,
  type CsvFormat,
  type ImportOptions,
  type ImportResult,
  type RecordOutcome,
} from './import-runner';

/*
 * The reference ledger (shared/data/grants/figures.csv): figures transcribed from cited pages, one per row, with
 * columns fiscal_year, program, recipient, recipient_type, state, amount_usd, source_title,
 * source_url_or_repo_path, notes. SOURCES.md describes it: rounded figures are written out (2600000) and the note
 * quotes the printed wording; fiscal_year is free text where a source gives a range or an average.
 */
const required = {
  fiscalYear: ['fiscal_year'],
  program: ['program'],
  recipient: ['recipient'],
  recipientType: ['recipient_type'],
  state: ['state'],
  amount: ['amount_usd'],
  title: ['source_title'],
  url: ['source_url_or_repo_path'],
  notes: ['notes'],
} as const;

type FigureColumns = Record<keyof typeof required, string>;

const programs: Record<string, GrantProgram> = { JAG: 'JAG', SCAAP: 'SCAAP', 'COPS Hiring': 'COPS' };
const recipientTypes: Record<string, RecipientType> = {
  state: 'state',
  county: 'county',
  city: 'city',
  town: 'town',
  other: 'other',
};
// "California (total state allocation: state + local shares)", "California and its political subdivisions".
const areaTotal = /state \+ local|political subdivisions|total state allocation|\(all\b|all streams/i;

function scopeOf(recipient: string, type: RecipientType, state: string): LedgerScope {
  if (type === 'other' || state === 'US') return 'aggregate';
  return areaTotal.test(recipient) ? 'area_total' : 'recipient';
}

export const referenceFiguresFormat: CsvFormat<FigureColumns> = {
  name: 'reference_figures',
  columns: (header, source) => requireColumns(header, source, 'reference figures (figures.csv)', required),
  toRows(record, columns, line): RecordOutcome[] {
    const get = (column: string): string => record.get(column);
    const programText = get(columns.program);
    const program = programs[programText];
    if (!program) {
      return [
        {
          kind: 'skip',
          reason: /recovery/i.test(programText)
            ? `program "${programText}" is Recovery Act JAG (CFDA 16.803), not Byrne JAG 16.738`
            : `program "${programText}" is not JAG, SCAAP or COPS Hiring alone`,
        },
      ];
    }
    const problems: string[] = [];
    const recipient = get(columns.recipient);
    if (recipient === '') problems.push(`${columns.recipient} is empty`);
    const typeText = get(columns.recipientType);
    const recipientType = recipientTypes[typeText];
    if (!recipientType)
      problems.push(`${columns.recipientType} "${typeText}" is not state, county, city, town or other`);
    const state = parseState(get(columns.state), columns.state);
    if ('error' in state) problems.push(state.error);
    const amount = parseAmount(get(columns.amount), columns.amount);
    if ('error' in amount) problems.push(amount.error);
    const fiscalYearText = get(columns.fiscalYear);
    if (fiscalYearText === '') problems.push(`${columns.fiscalYear} is empty`);
    const title = get(columns.title);
    if (title === '') problems.push(`${columns.title} is empty: every figure needs its source`);
    if (problems.length > 0 || 'error' in state || 'error' in amount || !recipientType) {
      return [{ kind: 'error', message: problems.join('; ') }];
    }
    const where = get(columns.url);
    const note = get(columns.notes);
    return [
      {
        kind: 'row',
        row: {
          id: ledgerRowId('reference_figures', [where, programText, fiscalYearText, recipient]),
          program,
          cfda: ProgramCfda[program],
          // A range ("2017-2020") or an average is kept, but belongs to no single fiscal year.
          fiscalYear: /^\d{4}$/.test(fiscalYearText) ? Number(fiscalYearText) : null,
          fiscalYearText,
          recipient,
          recipientType,
          state: state.state,
          scope: scopeOf(recipient, recipientType, state.state),
          measure: 'reported',
          amountCents: amount.cents,
          amountStatus: figureStatusFromNote(amount.cents, note),
          awardId: null,
          source: {
            kind: 'reference_figures',
            file: null,
            line,
            url: /^https?:\/\//.test(where) ? where : null,
            title: /^https?:\/\//.test(where) || where === '' ? title : `${title} (${where})`,
            note: note || null,
          },
        },
      },
    ];
  },
};

/** Imports the reference figures ledger (figures.csv format), keeping each figure's citation and rounding. */
export function importReferenceFiguresCsv(input: CsvInput, options: ImportOptions): Promise<ImportResult> {
  return importCsv(input, referenceFiguresFormat, options);
}

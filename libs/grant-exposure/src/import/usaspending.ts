import { ProgramCfda } from '@detainer-watch/contracts';
import { ledgerRowId, type RecipientType } from '../ledger/ledger-row';
import type { CsvInput, CsvRecord } from './csv-records';
import {
  fiscalYearOfDate,
  parseAmount,
  parseFiscalYear,
  parseState,
  programForCfda,
  recipientTypeFromText,
} from './fields';
import {
  ImportFormatError,
  importCsv,
  requireColumns,
  type CsvFormat,
  type ImportOptions,
  type ImportResult,
  type RecordOutcome,
} from './import-runner';

/*
 * Column names are those of USAspending.gov custom and bulk downloads, as the USAspending API builds them
 * (fedspendingtransparency/usaspending-api: usaspending_api/download/v2/download_column_historical_lookups.py, keys
 * "d2" under award_search and transaction_search, and download/delta_downloads/transaction_assistance.py). Two layouts:
 * - Assistance_PrimeTransactions: one row per action; assistance_transaction_unique_key, federal_action_obligation,
 *   action_date_fiscal_year, cfda_number (assistance_listing_number in newer files).
 * - Assistance_PrimeAwardSummaries: one row per award; assistance_award_unique_key, total_obligated_amount,
 *   award_base_action_date_fiscal_year, cfda_numbers_and_titles ("16.738: EDWARD BYRNE MEMORIAL ...").
 * Both carry award_id_fain, recipient_name, recipient_state_code and business_types_description.
 */
const TITLES = {
  transactions: 'USAspending.gov assistance prime transactions download',
  award_summaries: 'USAspending.gov assistance prime award summaries download',
} as const;

const transactionColumns = {
  key: ['assistance_transaction_unique_key'],
  amount: ['federal_action_obligation'],
  cfda: ['cfda_number', 'assistance_listing_number'],
  recipient: ['recipient_name', 'recipient_name_raw'],
  state: ['recipient_state_code'],
} as const;

const summaryColumns = {
  key: ['assistance_award_unique_key'],
  amount: ['total_obligated_amount'],
  cfda: ['cfda_numbers_and_titles', 'assistance_listings_numbers_and_titles'],
  recipient: ['recipient_name', 'recipient_name_raw'],
  state: ['recipient_state_code'],
} as const;

interface UsaspendingColumns {
  layout: 'transactions' | 'award_summaries';
  key: string;
  amount: string;
  cfda: string;
  recipient: string;
  state: string;
  fiscalYear: string | null;
  date: string | null;
  fain: string | null;
  awardKey: string | null;
  businessTypes: string | null;
  businessTypeCodes: string | null;
  correctionDelete: string | null;
}

const optional = (header: ReadonlySet<string>, ...aliases: string[]): string | null =>
  aliases.find((alias) => header.has(alias)) ?? null;

/** FABS business type codes for governments (A state, B county, C city or township, D special district). */
const businessTypeCodes: Record<string, RecipientType> = {
  A: 'state',
  B: 'county',
  C: 'city',
  D: 'special_district',
};

function recipientType(record: CsvRecord, columns: UsaspendingColumns): RecipientType {
  const description = record.get(columns.businessTypes);
  const fromText = recipientTypeFromText(description);
  if (fromText) return fromText;
  const code = record.get(columns.businessTypeCodes).toUpperCase();
  return businessTypeCodes[code] ?? 'other';
}

/** The in-scope program of an award summary's "16.738: TITLE; 16.803: TITLE" list. */
function programOfCfdaList(text: string): { program: ReturnType<typeof programForCfda> } | { error: string } {
  const programs = new Set(
    (text.match(/\b\d{2}\.\d{3}\b/g) ?? []).map(programForCfda).filter((p) => p !== null),
  );
  if (programs.size > 1)
    return { error: `award lists several programs (${text}); cannot attribute its total to one` };
  return { program: programs.size === 1 ? [...programs][0] : null };
}

export const usaspendingFormat: CsvFormat<UsaspendingColumns> = {
  name: 'usaspending',
  columns(header, source) {
    const layout = header.has('assistance_transaction_unique_key') ? 'transactions' : 'award_summaries';
    if (layout === 'award_summaries' && !header.has('assistance_award_unique_key')) {
      throw new ImportFormatError(
        `${source}: not a USAspending assistance download: no assistance_transaction_unique_key or assistance_award_unique_key column`,
      );
    }
    const required = requireColumns(
      header,
      source,
      `USAspending assistance ${layout}`,
      layout === 'transactions' ? transactionColumns : summaryColumns,
    );
    return {
      layout,
      ...required,
      fiscalYear:
        layout === 'transactions'
          ? optional(header, 'action_date_fiscal_year')
          : optional(header, 'award_base_action_date_fiscal_year'),
      date:
        layout === 'transactions'
          ? optional(header, 'action_date')
          : optional(header, 'award_base_action_date'),
      fain: optional(header, 'award_id_fain'),
      awardKey: optional(header, 'assistance_award_unique_key'),
      businessTypes: optional(header, 'business_types_description'),
      businessTypeCodes: optional(header, 'business_types_code'),
      correctionDelete: optional(header, 'correction_delete_indicator_code', 'correction_delete_indicatr'),
    };
  },
  toRows(record, columns, line): RecordOutcome[] {
    const get = (column: string | null): string => record.get(column);
    let program;
    if (columns.layout === 'transactions') {
      program = programForCfda(get(columns.cfda));
      if (!program)
        return [{ kind: 'skip', reason: `CFDA ${get(columns.cfda) || '(empty)'} is not JAG, SCAAP or COPS` }];
    } else {
      const parsed = programOfCfdaList(get(columns.cfda));
      if ('error' in parsed) return [{ kind: 'error', message: parsed.error }];
      program = parsed.program;
      if (!program) return [{ kind: 'skip', reason: `no JAG, SCAAP or COPS number in ${columns.cfda}` }];
    }
    if (get(columns.correctionDelete).toUpperCase() === 'D') {
      return [{ kind: 'skip', reason: 'transaction marked deleted (correction_delete_indicator D)' }];
    }
    const problems: string[] = [];
    const key = get(columns.key);
    if (key === '') problems.push(`${columns.key} is empty`);
    const recipient = get(columns.recipient);
    if (recipient === '') problems.push(`${columns.recipient} is empty`);
    const amount = parseAmount(get(columns.amount), columns.amount);
    if ('error' in amount) problems.push(amount.error);
    const state = parseState(get(columns.state), columns.state);
    if ('error' in state) problems.push(state.error);
    const fy =
      columns.fiscalYear && get(columns.fiscalYear) !== ''
        ? parseFiscalYear(get(columns.fiscalYear), columns.fiscalYear)
        : fiscalYearOfDate(get(columns.date), columns.date ?? 'action date');
    if ('error' in fy) problems.push(fy.error);
    if ('error' in amount || 'error' in state || 'error' in fy || problems.length > 0) {
      return [{ kind: 'error', message: problems.join('; ') }];
    }
    const awardId = get(columns.fain) || get(columns.awardKey) || null;
    return [
      {
        kind: 'row',
        row: {
          id: ledgerRowId('usaspending', [columns.layout, key]),
          program,
          cfda: ProgramCfda[program],
          fiscalYear: fy.year,
          fiscalYearText: String(fy.year),
          recipient,
          recipientType: recipientType(record, columns),
          state: state.state,
          scope: 'recipient',
          measure: 'obligation',
          amountCents: amount.cents,
          amountStatus: 'exact',
          awardId,
          source: {
            kind: 'usaspending',
            file: null,
            line,
            url: null,
            title: TITLES[columns.layout],
            note:
              columns.layout === 'transactions'
                ? `federal_action_obligation of transaction ${key}`
                : `total_obligated_amount of award ${key} over its life, counted in its base fiscal year`,
          },
        },
      },
    ];
  },
};

/** Imports a USAspending assistance prime transactions or prime award summaries CSV (detected from its header). */
export function importUsaspendingCsv(input: CsvInput, options: ImportOptions): Promise<ImportResult> {
  return importCsv(input, usaspendingFormat, options);
}

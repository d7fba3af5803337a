import { ProgramCfda, type GrantProgram } from '@detainer-watch/contracts';
import { ledgerRowId } from '../ledger/ledger-row';
import type { CsvInput } from './csv-records';
import {
  parseAmount,
  parseFiscalYear,
  parseState,
  recipientTypeFromName,
  recipientTypeFromText,
} from './fields';
import {
  importCsv,
  requireColumns,
  type CsvFormat,
  type ImportOptions,
  type ImportResult,
  type RecordOutcome,
} from './import-runner';

/*
 * An export of OJP's award data (the award search on ojp.gov: award number, grantee, program office, solicitation,
 * fiscal year, amount, state). No export file was reachable to confirm its exact header, so each column accepts the
 * names the award pages and API use; the alias lists below are the one place to correct them.
 */
const TITLE = 'OJP award data export';

const required = {
  awardNumber: ['award_number', 'award_num', 'award'],
  grantee: ['grantee', 'awardee', 'recipient', 'recipient_name', 'legal_name', 'grantee_name'],
  fiscalYear: ['fiscal_year', 'fy', 'award_fiscal_year'],
  amount: ['award_amount', 'amount', 'funding_amount', 'total_funding', 'awarded_amount'],
  state: ['state', 'grantee_state', 'recipient_state', 'state_code'],
} as const;

interface OjpColumns extends Record<keyof typeof required, string> {
  solicitation: string | null;
  programOffice: string | null;
  granteeType: string | null;
}

/**
 * The program of an OJP award, from its solicitation title, else from the award number's program code (DJ-BX and
 * -JAGX are JAG formula awards, AP-BX SCAAP, UM-WX COPS hiring). Recovery Act JAG (CFDA 16.803) is a different program.
 */
export function programOfOjpAward(
  solicitation: string,
  awardNumber: string,
): GrantProgram | 'recovery_jag' | null {
  const title = solicitation.toLowerCase();
  if (/justice assistance grant|\bjag\b/.test(title)) return /recovery/.test(title) ? 'recovery_jag' : 'JAG';
  if (/state criminal alien assistance|\bscaap\b/.test(title)) return 'SCAAP';
  if (/cops hiring|community oriented policing/.test(title)) return 'COPS';
  const code = awardNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (/\d{2}DJBX|JAGX$/.test(code)) return 'JAG';
  if (/\d{2}SBB9|\d{2}SUB9/.test(code)) return 'recovery_jag';
  if (/\d{2}APBX/.test(code)) return 'SCAAP';
  if (/\d{2}UMWX/.test(code)) return 'COPS';
  return null;
}

export const ojpAwardsFormat: CsvFormat<OjpColumns> = {
  name: 'ojp_awards',
  columns(header, source) {
    const pick = (...aliases: string[]): string | null => aliases.find((alias) => header.has(alias)) ?? null;
    return {
      ...requireColumns(header, source, 'OJP award export', required),
      solicitation: pick('solicitation', 'solicitation_title'),
      programOffice: pick('program_office', 'awarding_office'),
      granteeType: pick('grantee_type', 'recipient_type', 'government_type', 'applicant_type'),
    };
  },
  toRows(record, columns, line): RecordOutcome[] {
    const get = (column: string | null): string => record.get(column);
    const awardNumber = get(columns.awardNumber);
    if (awardNumber === '') return [{ kind: 'error', message: `${columns.awardNumber} is empty` }];
    const program = programOfOjpAward(get(columns.solicitation), awardNumber);
    if (program === 'recovery_jag') {
      return [{ kind: 'skip', reason: 'Recovery Act JAG (CFDA 16.803), not Byrne JAG 16.738' }];
    }
    if (program === null) return [{ kind: 'skip', reason: 'award is not JAG, SCAAP or COPS' }];
    const problems: string[] = [];
    const grantee = get(columns.grantee);
    if (grantee === '') problems.push(`${columns.grantee} is empty`);
    const fy = parseFiscalYear(get(columns.fiscalYear), columns.fiscalYear);
    if ('error' in fy) problems.push(fy.error);
    const amount = parseAmount(get(columns.amount), columns.amount);
    if ('error' in amount) problems.push(amount.error);
    const state = parseState(get(columns.state), columns.state);
    if ('error' in state) problems.push(state.error);
    if ('error' in fy || 'error' in amount || 'error' in state || problems.length > 0) {
      return [{ kind: 'error', message: problems.join('; ') }];
    }
    const office = get(columns.programOffice);
    const solicitation = get(columns.solicitation);
    return [
      {
        kind: 'row',
        row: {
          id: ledgerRowId('ojp_awards', [awardNumber.toUpperCase().replace(/[^A-Z0-9]/g, '')]),
          program,
          cfda: ProgramCfda[program],
          fiscalYear: fy.year,
          fiscalYearText: String(fy.year),
          recipient: grantee,
          recipientType: recipientTypeFromText(get(columns.granteeType)) ?? recipientTypeFromName(grantee),
          state: state.state,
          scope: 'recipient',
          measure: 'award',
          amountCents: amount.cents,
          amountStatus: 'exact',
          awardId: awardNumber,
          source: {
            kind: 'ojp_awards',
            file: null,
            line,
            url: null,
            title: TITLE,
            note: [`award ${awardNumber}`, office, solicitation].filter(Boolean).join('; '),
          },
        },
      },
    ];
  },
};

export function importOjpAwardsCsv(input: CsvInput, options: ImportOptions): Promise<ImportResult> {
  return importCsv(input, ojpAwardsFormat, options);
}

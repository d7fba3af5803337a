import { ProgramCfda } from '@detainer-watch/contracts';
import { ledgerRowId } from '../ledger/ledger-row';
import { formatCents } from '../money';
import type { CsvInput } from './csv-records';
import { parseAmount, parseFiscalYear, parseState, recipientTypeFromText } from './fields';
import {
  ImportFormatError,
  importCsv,
  requireColumns,
  type CsvFormat,
  type ImportOptions,
  type ImportResult,
  type RecordOutcome,
  type UnresolvedLedgerRow,
} from './import-runner';

/*
 * BJA's yearly "JAG Allocations" tables, one per state: State, Jurisdiction Name, Government Type, Eligible Individual
 * Allocation, Eligible Joint Allocation. Jurisdictions in a funding disparity share the joint allocation; their
 * individual allocations are "provided for information only" and an asterisk marks a county with no individual
 * allocation (BJA's notes to the table, as reprinted e.g. in Nashua NH's FY2019 JAG council packet). A state row may
 * carry the variable pass-through: the part of the state award the state must pass on to localities.
 */
const TITLE = 'BJA Edward Byrne Memorial JAG allocations table';

const required = {
  state: ['state'],
  jurisdiction: ['jurisdiction_name', 'jurisdiction'],
  governmentType: ['government_type', 'type'],
  individual: ['eligible_individual_allocation', 'individual_allocation', 'direct_allocation'],
} as const;

interface BjaColumns extends Record<keyof typeof required, string> {
  joint: string | null;
  passThrough: string | null;
  fiscalYear: string | null;
  defaultFiscalYear: number | null;
}

/**
 * Members of one disparate group follow each other in the table and each repeat the group's joint allocation, so a
 * joint allocation is recorded once, under the first member, until a row without that same amount ends the group.
 */
function bjaFormat(defaultFiscalYear: number | null): CsvFormat<BjaColumns> {
  let openGroup: { key: string; firstMember: string } | null = null;
  return {
    name: 'bja_jag_allocations',
    columns(header, source) {
      const pick = (...aliases: string[]): string | null =>
        aliases.find((alias) => header.has(alias)) ?? null;
      const fiscalYear = pick('fiscal_year', 'fy');
      if (!fiscalYear && defaultFiscalYear === null) {
        throw new ImportFormatError(
          `${source}: the allocations table has no fiscal_year column; pass the table's fiscal year to the importer`,
        );
      }
      return {
        ...requireColumns(header, source, 'BJA JAG allocations', required),
        joint: pick('eligible_joint_allocation', 'joint_allocation', 'disparate_allocation'),
        passThrough: pick('variable_pass_through', 'variable_passthrough', 'pass_through'),
        fiscalYear,
        defaultFiscalYear,
      };
    },
    toRows(record, columns, line): RecordOutcome[] {
      const get = (column: string | null): string => record.get(column);
      const problems: string[] = [];
      const jurisdiction = get(columns.jurisdiction);
      if (jurisdiction === '') problems.push(`${columns.jurisdiction} is empty`);
      const state = parseState(get(columns.state), columns.state);
      if ('error' in state) problems.push(state.error);
      const typeText = get(columns.governmentType);
      const recipientType = recipientTypeFromText(typeText);
      if (recipientType === null) problems.push(`${columns.governmentType} is empty`);
      const fy =
        columns.fiscalYear && get(columns.fiscalYear) !== ''
          ? parseFiscalYear(get(columns.fiscalYear), columns.fiscalYear)
          : columns.defaultFiscalYear !== null
            ? { year: columns.defaultFiscalYear }
            : { error: `${columns.fiscalYear} is empty` };
      if ('error' in fy) problems.push(fy.error);
      // "*" = a county in a disparate group without an individual allocation of its own.
      const individualText = get(columns.individual);
      const individual =
        individualText === '*' || individualText === ''
          ? null
          : parseAmount(individualText, columns.individual);
      if (individual && 'error' in individual) problems.push(individual.error);
      const jointText = get(columns.joint);
      const joint = jointText === '' ? null : parseAmount(jointText, columns.joint ?? 'joint allocation');
      if (joint && 'error' in joint) problems.push(joint.error);
      const passText = get(columns.passThrough);
      const passThrough =
        passText === '' ? null : parseAmount(passText, columns.passThrough ?? 'pass-through');
      if (passThrough && 'error' in passThrough) problems.push(passThrough.error);
      if (!individual && !joint) problems.push('row has neither an individual nor a joint allocation');
      if (passThrough && recipientType !== 'state')
        problems.push('a variable pass-through is only given for a state');
      if (problems.length > 0 || 'error' in state || 'error' in fy || recipientType === null) {
        return [{ kind: 'error', message: problems.join('; ') }];
      }
      const jointCents = joint && 'cents' in joint ? joint.cents : null;
      const base = {
        program: 'JAG' as const,
        cfda: ProgramCfda.JAG,
        fiscalYear: fy.year,
        fiscalYearText: String(fy.year),
        recipientType,
        state: state.state,
        amountStatus: 'exact' as const,
        awardId: null,
      };
      const source = (note: string | null) => ({
        kind: 'bja_jag_allocations' as const,
        file: null,
        line,
        url: null,
        title: `${TITLE}, FY${fy.year}`,
        note,
      });
      const identity = [fy.year, state.state, jurisdiction.toUpperCase(), typeText.toUpperCase()];
      const rows: UnresolvedLedgerRow[] = [];
      if (individual && 'cents' in individual) {
        rows.push({
          ...base,
          id: ledgerRowId('bja_jag_allocations', [...identity, 'individual']),
          recipient: jurisdiction,
          scope: 'recipient',
          measure: 'allocation',
          amountCents: individual.cents,
          source: source(
            jointCents === null
              ? 'eligible individual allocation'
              : `eligible individual allocation, for information only: the jurisdiction is in a disparate group sharing a joint allocation of ${formatCents(jointCents)}`,
          ),
        });
      }
      const groupKey = jointCents === null ? null : `${fy.year}|${state.state}|${jointCents}`;
      const continuesGroup = groupKey !== null && openGroup?.key === groupKey;
      openGroup =
        groupKey === null
          ? null
          : continuesGroup && openGroup
            ? openGroup
            : { key: groupKey, firstMember: jurisdiction };
      if (jointCents !== null && !continuesGroup) {
        rows.push({
          ...base,
          id: ledgerRowId('bja_jag_allocations', [
            fy.year,
            state.state,
            jurisdiction.toUpperCase(),
            'joint',
            jointCents,
          ]),
          recipient: `Disparate group of ${jurisdiction} (joint allocation)`,
          scope: 'joint',
          measure: 'allocation',
          amountCents: jointCents,
          source: source(
            'eligible joint allocation of a disparate group, shared by its members under an MOU',
          ),
        });
      }
      if (passThrough && 'cents' in passThrough) {
        rows.push({
          ...base,
          id: ledgerRowId('bja_jag_allocations', [...identity, 'pass_through']),
          recipient: jurisdiction,
          scope: 'recipient',
          measure: 'passthrough',
          amountCents: passThrough.cents,
          source: source('variable pass-through: part of the state award to be passed to local governments'),
        });
      }
      return rows.map((row) => ({ kind: 'row', row }));
    },
  };
}

export interface BjaImportOptions extends ImportOptions {
  /** Fiscal year of the table, for tables without a fiscal_year column (BJA publishes one table per year). */
  fiscalYear?: number;
}

export function importBjaJagAllocationsCsv(
  input: CsvInput,
  options: BjaImportOptions,
): Promise<ImportResult> {
  return importCsv(input, bjaFormat(options.fiscalYear ?? null), options);
}

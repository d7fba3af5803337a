import type { LedgerRow } from '../ledger/ledger-row';
import type { LedgerSink } from '../ledger/ledger-sink';
import { forEachCsvRecord, type CsvInput, type CsvItem, type CsvRecord } from './csv-records';
import {
  RecipientResolution,
  type ResolvedRecipient,
  type ResolveRecipient,
  type UnresolvedRecipient,
} from './recipient-resolution';

export interface ImportOptions {
  /** File path or URL of the input, as it should appear in citations and error messages. */
  source: string;
  sink: LedgerSink;
  resolveRecipient: ResolveRecipient;
  /** Rows per sink write (default 5,000). */
  batchSize?: number;
  /** Row errors kept in the result; beyond that they are only counted (default 1,000). */
  maxErrors?: number;
}

export interface RowError {
  /** "file:line" */
  at: string;
  line: number;
  message: string;
}

export interface SkippedRows {
  reason: string;
  count: number;
  firstLine: number;
}

export interface ImportResult {
  source: string;
  format: string;
  /** data records read (the header and blank lines excluded) */
  records: number;
  /** ledger rows produced and written to the sink */
  rows: number;
  inserted: number;
  alreadyPresent: number;
  /** records deliberately left out (another program, a deleted transaction), grouped by reason */
  skipped: SkippedRows[];
  errors: RowError[];
  errorCount: number;
  /** recipients the resolver could not match; their rows are imported with a null jurisdiction */
  unresolved: UnresolvedRecipient[];
}

/** A ledger row before the recipient is resolved; the runner sets `source.file` to the imported file. */
export type UnresolvedLedgerRow = Omit<LedgerRow, 'jurisdictionId' | 'fips'>;

export type RecordOutcome =
  | { kind: 'row'; row: UnresolvedLedgerRow }
  | { kind: 'skip'; reason: string }
  | { kind: 'error'; message: string };

/** A file format: the columns it needs, and how one record becomes ledger rows. */
export interface CsvFormat<Columns> {
  name: string;
  /** Maps the header to the columns this format reads; throws naming the missing columns. */
  columns(header: ReadonlySet<string>, source: string): Columns;
  toRows(record: CsvRecord, columns: Columns, line: number): RecordOutcome[];
}

/** Thrown when a file is not in the expected format at all (its header lacks required columns). */
export class ImportFormatError extends Error {}

/** Requires the first alias present for each needed column, naming everything missing at once. */
export function requireColumns<K extends string>(
  header: ReadonlySet<string>,
  source: string,
  format: string,
  wanted: Record<K, readonly string[]>,
): Record<K, string> {
  const found = {} as Record<K, string>;
  const missing: string[] = [];
  for (const [key, aliases] of Object.entries(wanted) as [K, readonly string[]][]) {
    const column = aliases.find((alias) => header.has(alias));
    if (column) found[key] = column;
    else missing.push(aliases.join(' or '));
  }
  if (missing.length > 0) {
    throw new ImportFormatError(
      `${source}: not a ${format} file: missing column(s) ${missing.join('; ')} (header has: ${[...header].join(', ') || 'nothing'})`,
    );
  }
  return found;
}

/** Which recipients go to the resolver: aggregates and joint allocations belong to no one jurisdiction. */
function isAttributable(row: UnresolvedLedgerRow): boolean {
  return row.scope === 'recipient' || row.scope === 'area_total';
}

/**
 * Streams a CSV through a format into the sink in batches: per-record errors are collected with file:line, the rest is
 * imported, and every recipient is resolved once (the resolver may be a network round trip).
 */
export async function importCsv<Columns>(
  input: CsvInput,
  format: CsvFormat<Columns>,
  options: ImportOptions,
): Promise<ImportResult> {
  const { source, sink } = options;
  const batchSize = options.batchSize ?? 5000;
  const maxErrors = options.maxErrors ?? 1000;
  const result: ImportResult = {
    source,
    format: format.name,
    records: 0,
    rows: 0,
    inserted: 0,
    alreadyPresent: 0,
    skipped: [],
    errors: [],
    errorCount: 0,
    unresolved: [],
  };
  const skipped = new Map<string, SkippedRows>();
  const resolution = new RecipientResolution(options.resolveRecipient);
  let columns: Columns | null = null;
  let batch: LedgerRow[] = [];

  const addError = (line: number, message: string): void => {
    result.errorCount += 1;
    if (result.errors.length < maxErrors) result.errors.push({ at: `${source}:${line}`, line, message });
  };
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const written = await sink.write(batch);
    result.inserted += written.inserted;
    result.alreadyPresent += written.alreadyPresent;
    batch = [];
  };
  // The row was made for this record alone, so it is completed in place rather than copied (a million rows).
  const push = (row: UnresolvedLedgerRow, match: ResolvedRecipient | null): void => {
    row.source.file = source;
    batch.push(Object.assign(row, { jurisdictionId: match?.id ?? null, fips: match?.fips ?? null }));
    result.rows += 1;
  };
  // Returns a promise only when it has to wait (a recipient not seen before, a full batch to write), so most records
  // cost no more than their parsing.
  const handleOutcomes = (outcomes: RecordOutcome[], from: number, line: number): void | Promise<void> => {
    for (let i = from; i < outcomes.length; i += 1) {
      const outcome = outcomes[i];
      if (outcome.kind === 'error') addError(line, outcome.message);
      else if (outcome.kind === 'skip') {
        const entry = skipped.get(outcome.reason);
        if (entry) entry.count += 1;
        else skipped.set(outcome.reason, { reason: outcome.reason, count: 1, firstLine: line });
      } else {
        const { row } = outcome;
        const known = isAttributable(row) ? resolution.cached(row, line) : null;
        if (known === undefined) {
          return resolution.resolve(row, line).then((match) => {
            push(row, match);
            return batch.length >= batchSize
              ? flush().then(() => handleOutcomes(outcomes, i + 1, line))
              : handleOutcomes(outcomes, i + 1, line);
          });
        }
        push(row, known);
        if (batch.length >= batchSize) return flush().then(() => handleOutcomes(outcomes, i + 1, line));
      }
    }
  };
  const handleItem = (item: CsvItem): void | Promise<void> => {
    result.records += 1;
    if (item.kind === 'error') addError(item.line, item.message);
    else return handleOutcomes(format.toRows(item.record, columns as Columns, item.line), 0, item.line);
  };

  await forEachCsvRecord(
    input,
    (header) => {
      columns = format.columns(header, source);
    },
    handleItem,
  );
  await flush();
  result.skipped = [...skipped.values()];
  result.unresolved = resolution.unresolved();
  return result;
}

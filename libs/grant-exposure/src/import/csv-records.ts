import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';

/** Text a CSV importer reads: a Node stream or any async iterable of chunks (a fetch body, a file stream). */
export type CsvInput = Readable | AsyncIterable<string | Buffer | Uint8Array>;

/** One record, read by normalized column name; values are trimmed. */
export interface CsvRecord {
  get(column: string | null): string;
}

export type CsvItem =
  { kind: 'record'; line: number; record: CsvRecord } | { kind: 'error'; line: number; message: string };

/** Header names compared in one form: "Award Number", "award_number" and "AWARD-NUMBER" are the same column. */
export function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

class ArrayRecord implements CsvRecord {
  constructor(
    private readonly positions: ReadonlyMap<string, number>,
    private readonly values: readonly string[],
  ) {}

  get(column: string | null): string {
    const position = column === null ? undefined : this.positions.get(column);
    return position === undefined ? '' : this.values[position].trim();
  }
}

/**
 * Streams a CSV file record by record to `onItem`, with the line each record ends on, awaiting it only when it returns
 * a promise (a sink write), so a million records cost no more than the parsing. Records that are not CSV (an unclosed
 * quote) or have the wrong number of fields come out as errors, and reading continues. The first record is the
 * header; `onHeader` may throw to refuse a file whose columns are not the expected ones.
 */
export async function forEachCsvRecord(
  input: CsvInput,
  onHeader: (header: ReadonlySet<string>) => void,
  onItem: (item: CsvItem) => void | Promise<void>,
): Promise<void> {
  const source = input instanceof Readable ? input : Readable.from(input);
  const skipped: CsvItem[] = [];
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const line =
        error && 'lines' in error && typeof error.lines === 'number' ? error.lines : parser.info.lines;
      skipped.push({
        kind: 'error',
        line,
        message: `not valid CSV: ${error?.message ?? 'unreadable record'}`,
      });
      return undefined;
    },
  });
  // pipeline destroys the parser when the input fails, so the loop below sees the input's error.
  const piping = pipeline(source, parser).catch(() => undefined);
  const drainSkipped = async (): Promise<void> => {
    for (const item of skipped.splice(0)) await onItem(item);
  };
  let positions: Map<string, number> | null = null;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (skipped.length > 0) await drainSkipped();
    if (positions === null) {
      const header = record.map(normalizeHeader);
      positions = new Map(header.map((name, i) => [name, i]));
      onHeader(new Set(header));
      continue;
    }
    const pending =
      record.length === positions.size
        ? onItem({ kind: 'record', line: info.lines, record: new ArrayRecord(positions, record) })
        : onItem({
            kind: 'error',
            line: info.lines,
            message: `expected ${positions.size} fields as in the header, found ${record.length}`,
          });
    if (pending) await pending;
  }
  await drainSkipped();
  await piping;
  if (positions === null) onHeader(new Set());
}

import { z } from 'zod';
import {
  importBjaJagAllocationsCsv,
  importOjpAwardsCsv,
  importReferenceFiguresCsv,
  importUsaspendingCsv,
  type CsvInput,
  type ImportOptions,
  type ImportResult,
  type LedgerRow,
} from '@detainer-watch/grant-exposure';
import type { Logger } from '@detainer-watch/logging';
import type { LedgerRepository, Resolution } from '../../ledger/ledger.repository';
import type { ImportRun, ImportRunRepository } from '../../imports/import-run.repository';
import type { ClassifierClient } from '../../resolution/classifier.client';
import { ClassifierRecipientResolver } from '../../resolution/classifier-recipient-resolver';

export const ImportFormatName = z.enum(['usaspending', 'ojp', 'bja-jag', 'figures']);
export type ImportFormatName = z.infer<typeof ImportFormatName>;

export interface ImportAwardsRequest {
  input: CsvInput;
  /** The file as it should appear in citations ("Assistance_PrimeTransactions_2017.csv"). */
  file: string;
  format: ImportFormatName;
  /** For BJA JAG allocation tables without a fiscal_year column. */
  fiscalYear?: number;
}

const importers: Record<
  ImportFormatName,
  (input: CsvInput, options: ImportOptions & { fiscalYear?: number }) => Promise<ImportResult>
> = {
  usaspending: importUsaspendingCsv,
  ojp: importOjpAwardsCsv,
  'bja-jag': importBjaJagAllocationsCsv,
  figures: importReferenceFiguresCsv,
};

/** Rows whose money belongs to one jurisdiction (the others are national totals or joint allocations). */
export const isAttributable = (row: Pick<LedgerRow, 'scope'>): boolean =>
  row.scope === 'recipient' || row.scope === 'area_total';

/**
 * Streams an award file into the ledger, recording the run (counts, per-row errors, unresolved recipients with why).
 * Recipients are resolved by the jurisdiction classifier; when it cannot be reached, rows are stored pending and
 * resolved later. A file that is not in the format at all fails the run and rethrows (ImportFormatError).
 */
export class ImportAwards {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly runs: ImportRunRepository,
    private readonly classifier: ClassifierClient,
    private readonly logger: Logger,
  ) {}

  async execute(request: ImportAwardsRequest): Promise<ImportRun> {
    const runId = await this.runs.start({
      file: request.file,
      format: request.format,
      fiscalYear: request.fiscalYear ?? null,
    });
    const log = this.logger.child({ importRunId: runId, format: request.format });
    const resolver = new ClassifierRecipientResolver(this.classifier);
    const resolutionOf = (row: LedgerRow): Resolution =>
      !isAttributable(row)
        ? 'not_attributable'
        : row.jurisdictionId !== null
          ? 'resolved'
          : resolver.isPending(row)
            ? 'pending'
            : 'unresolved';
    log.info({ file: request.file }, 'award import started');
    try {
      const result = await importers[request.format](request.input, {
        source: request.file,
        sink: this.ledger.sink({ importRunId: runId, resolutionOf }),
        resolveRecipient: resolver.resolve,
        fiscalYear: request.fiscalYear,
      });
      await this.runs.succeed(runId, { ...result, unresolved: resolver.describe(result.unresolved) });
      log.info(
        {
          records: result.records,
          inserted: result.inserted,
          alreadyPresent: result.alreadyPresent,
          errors: result.errorCount,
          unresolved: result.unresolved.length,
          classifierUnavailable: resolver.unavailableReason,
        },
        'award import finished',
      );
    } catch (err) {
      await this.runs.fail(runId, (err as Error).message);
      log.warn({ err }, 'award import failed');
      throw err;
    }
    return (await this.runs.find(runId)) as ImportRun;
  }
}

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseReferenceLedger, REFERENCE_LEDGER_PATH } from '@detainer-watch/grant-exposure';
import type { Logger } from '@detainer-watch/logging';
import type { LedgerRepository } from '../../ledger/ledger.repository';
import type { ImportRunRepository } from '../../imports/import-run.repository';
import { isAttributable } from '../import-awards/import-awards';

export const REFERENCE_LEDGER_FORMAT = 'reference-ledger';

/**
 * Stores the shipped reference ledger (figures with citations). Idempotent: rows already stored are kept, and a run is
 * recorded only when something was added. Attributable rows go in pending, for ResolvePendingRecipients, so start
 * never waits for the classifier.
 */
export class LoadReferenceLedger {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly runs: ImportRunRepository,
    private readonly logger: Logger,
    private readonly path: string = REFERENCE_LEDGER_PATH,
  ) {}

  async execute(): Promise<{ rows: number; inserted: number }> {
    const file = parseReferenceLedger(JSON.parse(await readFile(this.path, 'utf8')));
    const ids = file.rows.map((row) => row.id);
    if ((await this.ledger.countStored(ids)) === ids.length) return { rows: ids.length, inserted: 0 };
    const runId = await this.runs.start({
      file: basename(this.path),
      format: REFERENCE_LEDGER_FORMAT,
      fiscalYear: null,
    });
    const written = await this.ledger
      .sink({
        importRunId: runId,
        resolutionOf: (row) => (isAttributable(row) ? 'pending' : 'not_attributable'),
      })
      .write(file.rows);
    await this.runs.succeed(runId, {
      source: basename(this.path),
      format: REFERENCE_LEDGER_FORMAT,
      records: file.rows.length,
      rows: file.rows.length,
      ...written,
      skipped: file.skipped,
      errors: [],
      errorCount: 0,
      unresolved: [],
    });
    this.logger.info(
      { importRunId: runId, ...written, generatedFrom: file.generatedFrom },
      'reference ledger loaded',
    );
    return { rows: ids.length, inserted: written.inserted };
  }
}

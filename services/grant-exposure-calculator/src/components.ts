import type { DataSource } from 'typeorm';
import type { Logger } from '@detainer-watch/logging';
import type { RpcClient } from '@detainer-watch/messaging';
import { Outbox, schemaOf } from '@detainer-watch/persistence';
import { PgLedgerRepository } from './ledger/ledger.repository';
import { PgImportRunRepository } from './imports/import-run.repository';
import { PgExposureEstimateRepository } from './exposure/exposure-estimate.repository';
import { ExposureEstimator } from './exposure/exposure-estimator';
import { CoalescingLedgerReader } from './ledger/coalescing-ledger-reader';
import { RpcClassifierClient, type ClassifierClient } from './resolution/classifier.client';
import { ImportAwards } from './usecases/import-awards/import-awards';
import { LoadReferenceLedger } from './usecases/load-reference-ledger/load-reference-ledger';
import { ResolvePendingRecipients } from './usecases/resolve-pending-recipients/resolve-pending-recipients';
import { EstimateClassifiedJurisdiction } from './usecases/estimate-classified-jurisdiction/estimate-classified-jurisdiction';
import { GetExposure } from './usecases/estimate-exposure/get-exposure';
import type { ServiceConfig } from './config';

export interface ComponentDeps {
  dataSource: DataSource;
  /** the bus's request/reply client, for the classifier; or a ClassifierClient directly */
  rpc: RpcClient | ClassifierClient;
  logger: Logger;
  config: Pick<
    ServiceConfig,
    'EXPOSURE_PROGRAMS' | 'EXPOSURE_FISCAL_YEARS' | 'EXPOSURE_CLAWBACK_YEARS' | 'RESOLVE_TIMEOUT_MS'
  >;
  /** The outbox of the data source's schema (service-kit provides one). */
  outbox?: Outbox;
}

const isClassifierClient = (rpc: RpcClient | ClassifierClient): rpc is ClassifierClient =>
  'resolve' in rpc && !('request' in rpc);

/** Everything the service does, wired from its I/O: used by the Nest module, the import command and the tests. */
export function createComponents(deps: ComponentDeps) {
  const { dataSource, logger, config } = deps;
  const ledger = new PgLedgerRepository(dataSource);
  const importRuns = new PgImportRunRepository(dataSource);
  const estimates = new PgExposureEstimateRepository(dataSource);
  const classifier = isClassifierClient(deps.rpc)
    ? deps.rpc
    : new RpcClassifierClient(deps.rpc, config.RESOLVE_TIMEOUT_MS);
  const estimator = new ExposureEstimator(new CoalescingLedgerReader((query) => ledger.rowsFor(query)));
  const outbox = deps.outbox ?? new Outbox(schemaOf(dataSource));
  return {
    ledger,
    importRuns,
    estimates,
    classifier,
    estimator,
    importAwards: new ImportAwards(
      ledger,
      importRuns,
      classifier,
      logger.child({ usecase: 'import-awards' }),
    ),
    loadReferenceLedger: new LoadReferenceLedger(ledger, importRuns, logger),
    resolvePending: new ResolvePendingRecipients(ledger, classifier, logger),
    estimateClassified: new EstimateClassifiedJurisdiction(
      dataSource,
      outbox,
      estimator,
      estimates,
      {
        programs: config.EXPOSURE_PROGRAMS,
        fiscalYears: config.EXPOSURE_FISCAL_YEARS,
        clawbackYears: config.EXPOSURE_CLAWBACK_YEARS,
      },
      logger,
    ),
    getExposure: new GetExposure(estimator, classifier),
  };
}

export type Components = ReturnType<typeof createComponents>;

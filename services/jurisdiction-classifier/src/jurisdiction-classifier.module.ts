import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { GazetteerFileLoader } from '@detainer-watch/jurisdictions';
import type { Logger } from '@detainer-watch/logging';
import type { Outbox } from '@detainer-watch/persistence';
import { APP_CONFIG, DATA_SOURCE, LOGGER, OUTBOX } from '@detainer-watch/service-kit';
import {
  TypeOrmFacilityAliasRepository,
  type FacilityAliasRepository,
} from './aliases/facility-alias.repository';
import type { ServiceConfig } from './config';
import { JurisdictionDirectory } from './gazetteer/jurisdiction-directory';
import { TypeOrmHistoryRepository, type HistoryRepository } from './history/history.repository';
import { FacilityAliasesController } from './http/facility-aliases.controller';
import { JurisdictionsController } from './http/jurisdictions.controller';
import { ReportExtractedController } from './messaging/report-extracted.controller';
import { ResolveRpcController } from './messaging/resolve-rpc.controller';
import { ALIAS_REPOSITORY, ALIASES, CLASSIFY, DIRECTORY, HISTORY, HISTORY_QUERIES } from './tokens';
import { ClassifyExtractedReport } from './usecases/classify-report/classify-extracted-report';
import { FacilityAliasManager } from './usecases/manage-facility-aliases/manage-facility-aliases';
import { HistoryQueries } from './usecases/read-history/read-history';

@Module({
  controllers: [
    JurisdictionsController,
    FacilityAliasesController,
    ReportExtractedController,
    ResolveRpcController,
  ],
  providers: [
    {
      provide: ALIAS_REPOSITORY,
      inject: [DATA_SOURCE],
      useFactory: (ds: DataSource) => new TypeOrmFacilityAliasRepository(ds),
    },
    {
      provide: HISTORY,
      inject: [DATA_SOURCE],
      useFactory: (ds: DataSource) => new TypeOrmHistoryRepository(ds),
    },
    {
      // The gazetteer is read once, here, before the service takes its first message or request.
      provide: DIRECTORY,
      inject: [APP_CONFIG, ALIAS_REPOSITORY, LOGGER],
      useFactory: (config: ServiceConfig, aliases: FacilityAliasRepository, logger: Logger) =>
        JurisdictionDirectory.load(new GazetteerFileLoader(config.GAZETTEER_DATA_DIR), aliases, logger),
    },
    {
      provide: ALIASES,
      inject: [ALIAS_REPOSITORY, DIRECTORY],
      useFactory: (aliases: FacilityAliasRepository, directory: JurisdictionDirectory) =>
        new FacilityAliasManager(aliases, directory),
    },
    {
      provide: HISTORY_QUERIES,
      inject: [HISTORY, DIRECTORY],
      useFactory: (history: HistoryRepository, directory: JurisdictionDirectory) =>
        new HistoryQueries(history, directory),
    },
    {
      provide: CLASSIFY,
      inject: [DATA_SOURCE, DIRECTORY, HISTORY, OUTBOX, LOGGER],
      useFactory: (
        ds: DataSource,
        directory: JurisdictionDirectory,
        history: HistoryRepository,
        outbox: Outbox,
        logger: Logger,
      ) => new ClassifyExtractedReport(ds, directory, history, outbox, logger),
    },
  ],
})
export class JurisdictionClassifierModule {}

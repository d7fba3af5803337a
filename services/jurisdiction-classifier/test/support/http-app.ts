import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  ALIASES,
  DIRECTORY,
  FacilityAliasesController,
  FacilityAliasManager,
  HISTORY_QUERIES,
  HistoryQueries,
  JurisdictionsController,
  type JurisdictionDirectory,
} from '../../src';
import type { Harness } from './harness';

/** The service's HTTP controllers over the harness's real repositories and a given resolver directory. */
export async function startHttpApp(h: Harness, directory: JurisdictionDirectory): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    controllers: [JurisdictionsController, FacilityAliasesController],
    providers: [
      { provide: DIRECTORY, useValue: directory },
      { provide: HISTORY_QUERIES, useValue: new HistoryQueries(h.history, directory) },
      { provide: ALIASES, useValue: new FacilityAliasManager(h.aliases, directory) },
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

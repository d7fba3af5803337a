import { Controller, Get, Inject, Param, Query, UseFilters } from '@nestjs/common';
import type { ResolveReply } from '@detainer-watch/contracts';
import type { JurisdictionDirectory } from '../gazetteer/jurisdiction-directory';
import { DIRECTORY, HISTORY_QUERIES } from '../tokens';
import type { HistoryQueries } from '../usecases/read-history/read-history';
import { resolveFromQuery } from '../usecases/resolve-jurisdiction/resolve-jurisdiction';
import { RequestErrorFilter } from './error.filter';

@Controller()
@UseFilters(RequestErrorFilter)
export class JurisdictionsController {
  constructor(
    @Inject(HISTORY_QUERIES) private readonly queries: HistoryQueries,
    @Inject(DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  /** Jurisdictions any classified report listed (optionally in one state), each with its latest appearance. */
  @Get('jurisdictions')
  list(@Query() query: unknown) {
    return this.queries.listJurisdictions(query);
  }

  /** The entity and every report that listed it. */
  @Get('jurisdictions/:id')
  one(@Param('id') id: string) {
    return this.queries.jurisdiction(id);
  }

  /** The same look-up as rpc.jurisdiction.resolve. */
  @Get('resolve')
  resolve(@Query() query: unknown): ResolveReply {
    return resolveFromQuery(this.directory.resolver, query);
  }

  /** A report's jurisdictions in event order, its unresolved names and the jurisdictions it dropped. */
  @Get('reports/:reportId/jurisdictions')
  report(@Param('reportId') reportId: string) {
    return this.queries.reportJurisdictions(reportId);
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpException,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  ServiceUnavailableException,
  UnprocessableEntityException,
  UseGuards,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ResolverUnavailableError } from '../jurisdiction/jurisdiction-lookup';
import type { NotifierRuntime } from '../runtime';
import { JurisdictionNotResolvedError, registerWatch } from '../usecases/register-watch';
import { WatchValidationError } from '../watches/watch';
import { ApiKeyGuard } from './api-key.guard';
import { NOTIFIER_RUNTIME } from './tokens';
import {
  CreateWatchBody,
  ListWatchesQuery,
  Unresolved,
  ValidationProblem,
  WatchIdParam,
  WatchList,
  type WatchView,
  jsonSchemaOf,
} from './watch-api.schemas';
import { watchView } from './watch-view';
import { ZodValidationPipe } from './zod-validation.pipe';

/** Watch management: needs the API key. Logs name watch ids only, never addresses. */
@ApiTags('watches')
@ApiSecurity('apiKey')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, description: 'API key missing or wrong' })
@UseGuards(ApiKeyGuard)
@Controller('watches')
export class WatchesController {
  constructor(@Inject(NOTIFIER_RUNTIME) private readonly rt: NotifierRuntime) {}

  @Post()
  @ApiOperation({
    summary: 'Watch a jurisdiction',
    description:
      'Resolves the jurisdiction through the jurisdiction-classifier, stores the watch and sends a confirmation ' +
      'email with a link; no alert goes out before the link is opened (unless confirmation is switched off).',
  })
  @ApiBody({ schema: jsonSchemaOf(CreateWatchBody) })
  @ApiResponse({
    status: 201,
    description: 'the watch, awaiting confirmation',
    schema: jsonSchemaOf(WatchList.shape.watches.element),
  })
  @ApiResponse({
    status: 400,
    description: 'invalid body (e.g. an address with a line break)',
    schema: jsonSchemaOf(ValidationProblem),
  })
  @ApiResponse({
    status: 422,
    description: 'the jurisdiction is unknown or ambiguous',
    schema: jsonSchemaOf(Unresolved),
  })
  @ApiResponse({ status: 503, description: 'the jurisdiction resolver did not answer; try again' })
  async create(
    @Body(new ZodValidationPipe(CreateWatchBody, 'watch')) body: CreateWatchBody,
  ): Promise<WatchView> {
    try {
      const { watch, confirmation } = await registerWatch(body, this.rt.registerDeps);
      this.rt.logger.info(
        { watchId: watch.id, jurisdictionId: watch.jurisdiction.id, confirmation: confirmation.status },
        'watch created',
      );
      return watchView(watch, confirmation);
    } catch (err) {
      throw this.httpError(err);
    }
  }

  @Get()
  @ApiOperation({ summary: 'List watches, oldest first' })
  @ApiResponse({ status: 200, schema: jsonSchemaOf(WatchList) })
  async list(@Query(new ZodValidationPipe(ListWatchesQuery, 'query')) q: { limit: number; offset: number }) {
    const page = await this.rt.watches.list(q);
    const views = await Promise.all(
      page.watches.map(async (w) => watchView(w, await this.rt.watches.confirmationOf(w.id))),
    );
    return { watches: views, total: page.total, limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One watch' })
  @ApiResponse({ status: 200, schema: jsonSchemaOf(WatchList.shape.watches.element) })
  @ApiResponse({ status: 404, description: 'no such watch' })
  async get(@Param('id', new ZodValidationPipe(WatchIdParam, 'watch id')) id: string): Promise<WatchView> {
    const watch = await this.rt.watches.get(id);
    if (!watch) throw new NotFoundException({ error: 'not_found', message: `no watch ${id}` });
    return watchView(watch, await this.rt.watches.confirmationOf(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a watch and its address; its delivery records (ids only) are kept' })
  @ApiResponse({ status: 204, description: 'deleted' })
  @ApiResponse({ status: 404, description: 'no such watch' })
  async remove(@Param('id', new ZodValidationPipe(WatchIdParam, 'watch id')) id: string): Promise<void> {
    if (!(await this.rt.watches.delete(id))) {
      throw new NotFoundException({ error: 'not_found', message: `no watch ${id}` });
    }
    this.rt.logger.info({ watchId: id }, 'watch deleted');
  }

  private httpError(err: unknown): unknown {
    if (err instanceof JurisdictionNotResolvedError) {
      return new UnprocessableEntityException({
        error: 'jurisdiction_not_resolved',
        message: `${err.message}; send one of the candidates' id as "jurisdiction"`,
        query: err.query,
        reason: err.reason,
        candidates: err.candidates,
      });
    }
    if (err instanceof WatchValidationError) {
      return new HttpException(
        {
          error: 'invalid_request',
          message: err.message,
          issues: err.issues.map((i) => ({ path: i.split(':')[0], message: i })),
        },
        400,
      );
    }
    if (err instanceof ResolverUnavailableError) {
      this.rt.logger.warn({ err }, 'jurisdiction resolver unavailable');
      return new ServiceUnavailableException({ error: 'resolver_unavailable', message: err.message });
    }
    return err;
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Response } from 'express';
import type { StoredFacilityAlias } from '../aliases/facility-alias.repository';
import { ALIASES } from '../tokens';
import type { FacilityAliasManager } from '../usecases/manage-facility-aliases/manage-facility-aliases';
import { RequestErrorFilter } from './error.filter';

/** Facility aliases ops add on top of the shipped ones; the resolver uses them at once and after restarts. */
@Controller('facility-aliases')
@UseFilters(RequestErrorFilter)
export class FacilityAliasesController {
  constructor(@Inject(ALIASES) private readonly aliases: FacilityAliasManager) {}

  @Get()
  async list(@Query() query: unknown): Promise<{ aliases: StoredFacilityAlias[] }> {
    return { aliases: await this.aliases.list(query) };
  }

  /** 201 for a new alias, 200 when it replaced the entity of an existing one. */
  @Post()
  async add(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ alias: StoredFacilityAlias; created: boolean }> {
    const result = await this.aliases.add(body);
    res.status(result.created ? 201 : 200);
    return result;
  }

  @Delete(':id')
  @HttpCode(200)
  async remove(@Param('id') id: string): Promise<{ removed: StoredFacilityAlias }> {
    return { removed: await this.aliases.remove(id) };
  }
}

import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  UnprocessableEntityException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { z } from 'zod';
import { ImportFormatError } from '@detainer-watch/grant-exposure';
import type { Components } from '../components';
import type { PendingResolutionScheduler } from '../resolution/pending-resolution.scheduler';
import { ImportFormatName } from '../usecases/import-awards/import-awards';
import { COMPONENTS, RESOLUTION_SCHEDULER } from '../tokens';
import { parseInput } from './query-params';

const ImportForm = z.object({
  format: ImportFormatName,
  fiscalYear: z
    .string()
    .regex(/^\d{4}$/, 'expected a four-digit fiscal year such as 2017')
    .transform(Number)
    .optional(),
});

/** The part of multer's file description used here (disk storage). */
interface SpooledUpload {
  path: string;
  originalname: string;
}

@Controller('ledger')
export class LedgerController {
  constructor(
    @Inject(COMPONENTS) private readonly components: Components,
    @Inject(RESOLUTION_SCHEDULER) private readonly scheduler: PendingResolutionScheduler,
  ) {}

  /** One ledger row with its full source (file, line, URL, title, note) and how its recipient was resolved. */
  @Get('rows/:id')
  async row(@Param('id') id: string) {
    if (!/^[0-9a-f]{32}$/.test(id))
      throw new BadRequestException(`"${id}" is not a ledger row id (32 hex digits)`);
    const row = await this.components.ledger.findById(id);
    if (!row) throw new NotFoundException(`no ledger row ${id}`);
    return row;
  }

  /** Recipients without a jurisdiction: unresolved (no single match) or pending (classifier not reached yet). */
  @Get('unresolved')
  async unresolved() {
    return { recipients: await this.components.ledger.listUnresolved() };
  }

  @Get('imports')
  async imports() {
    return { runs: await this.components.importRuns.list(100) };
  }

  @Get('imports/:id')
  async importRun(@Param('id', ParseIntPipe) id: number) {
    const run = await this.components.importRuns.find(id);
    if (!run) throw new NotFoundException(`no import run ${id}`);
    return run;
  }

  /**
   * multipart/form-data: `file` (the CSV), `format` (usaspending, ojp, bja-jag, figures), optional `fiscalYear`.
   * The upload is spooled to a temporary file (not held in memory) and streamed into the ledger.
   */
  @Post('imports')
  @HttpCode(201)
  @UseInterceptors(FileInterceptor('file'))
  async import(@UploadedFile() file: SpooledUpload | undefined, @Body() body: Record<string, unknown>) {
    if (!file) throw new BadRequestException('multipart field "file" (the CSV to import) is missing');
    try {
      const form = parseInput(ImportForm, body);
      const run = await this.components.importAwards.execute({
        input: createReadStream(file.path),
        file: file.originalname,
        format: form.format,
        fiscalYear: form.fiscalYear,
      });
      if (run.unresolved.some((u) => u.reason === 'classifier_unavailable')) this.scheduler.trigger();
      return run;
    } catch (err) {
      if (err instanceof ImportFormatError) throw new UnprocessableEntityException(err.message);
      throw err;
    } finally {
      await unlink(file.path).catch(() => undefined);
    }
  }
}

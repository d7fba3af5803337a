import { analyzeCommand } from './analyze.command';
import type { CommandModule } from './command';
import { extractCommand } from './extract.command';
import { startCommand } from './start.command';
import { uploadCommand } from './upload.command';

/** Every subcommand, in help order. */
export const COMMANDS: readonly CommandModule[] = [
  extractCommand,
  analyzeCommand,
  startCommand,
  uploadCommand,
];
export type { CommandModule } from './command';

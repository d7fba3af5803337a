import type { Command } from 'commander';
import type { Output } from '../io/output';

/** One `detainer-watch` subcommand. The program registers every module in COMMANDS (commands/index.ts). */
export interface CommandModule {
  name: string;
  /** Adds the subcommand to `program`; its action writes to `output` and throws CliError on a bad input. */
  register(program: Command, output: Output): void;
}

import { Command, CommanderError } from 'commander';
import { COMMANDS, type CommandModule } from './commands';
import { CliError, ExitCode } from './errors';
import { processOutput, type Output } from './io/output';

export function createProgram(output: Output, commands: readonly CommandModule[] = COMMANDS): Command {
  const program = new Command('detainer-watch')
    .description(
      'Reads ICE Declined Detainer Outcome Reports: every row as printed, the jurisdictions they name, and ' +
        'estimates of grant money at risk with the source of every figure.',
    )
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const command of commands) command.register(program, output);
  for (const sub of program.commands)
    sub.exitOverride().configureOutput({ writeOut: output.out, writeErr: output.err });
  return program;
}

/** Runs the command line `argv` (as process.argv: node, script, args...) and resolves to the exit code. */
export async function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  try {
    await createProgram(output).parseAsync([...argv]);
    return ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end with a CommanderError too, with exit code 0; commander already printed its message.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof CliError) {
      output.err(`detainer-watch: ${err.message}\n`);
      return err.exitCode;
    }
    output.err(`detainer-watch: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return ExitCode.internal;
  }
}

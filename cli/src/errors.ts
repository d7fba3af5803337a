import { ExtractionRejected } from '@detainer-watch/extraction';

/** Exit codes: 0 success; 1 the input file is missing, unreadable or no readable DDOR; 2 bad usage; 3 internal error. */
export const ExitCode = { ok: 0, badInput: 1, usage: 2, internal: 3 } as const;

/** A problem the user can fix; the message names it and the command exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: number = ExitCode.badInput,
  ) {
    super(message);
  }
}

/** An extraction rejection in words a user can act on, naming the file and the reason code. */
export function rejectionError(file: string, err: ExtractionRejected): CliError {
  return new CliError(`${file}: not extracted (${err.reason}): ${err.message}`, ExitCode.badInput);
}

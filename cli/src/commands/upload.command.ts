import { open } from 'node:fs/promises';
import { CliError, ExitCode } from '../errors';
import type { CommandModule } from './command';

interface UploadFlags {
  url: string;
  json?: boolean;
}

const PDF_MAGIC = '%PDF-';

export const uploadCommand: CommandModule = {
  name: 'upload',
  register(program, output) {
    program
      .command('upload')
      .description('send a DDOR PDF to a running report-fetcher (detainer-watch start, or a deployed one)')
      .argument('<file.pdf>', 'a Declined Detainer Outcome Report')
      .option('--url <url>', "the report-fetcher's address", 'http://127.0.0.1:3001')
      .option('--json', "print the report-fetcher's answer as JSON")
      .action(async (file: string, flags: UploadFlags) => {
        const baseUrl = checkUrl(flags.url);
        await checkPdfHeader(file);
        // The report-fetcher's own client (streams the file); loaded here so other commands do not load the service.
        const { uploadReport, UploadReportError } = await import('@detainer-watch/report-fetcher');
        let result: Awaited<ReturnType<typeof uploadReport>>;
        try {
          result = await uploadReport(baseUrl, file);
        } catch (err) {
          if (!(err instanceof UploadReportError)) throw err;
          if (err.status === null)
            throw new CliError(
              `${err.message}. Is \`detainer-watch start\` running, and is --url its address?`,
            );
          throw new CliError(err.message, err.status >= 500 ? ExitCode.internal : ExitCode.badInput);
        }
        if (flags.json) output.out(`${JSON.stringify(result, null, 2)}\n`);
        else
          output.out(
            result.outcome === 'new_report'
              ? `report ${result.reportId}: new; stored, extraction follows\n`
              : `report ${result.reportId}: already known; not processed again\n`,
          );
      });
  },
};

function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`--url ${value} is not a URL; expected e.g. http://127.0.0.1:3001`, ExitCode.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(`--url ${value}: expected an http:// or https:// URL`, ExitCode.usage);
  return value;
}

/** The file exists and starts like a PDF: a wrong file is named before anything is sent. */
async function checkPdfHeader(file: string): Promise<void> {
  let head: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      if (!(await handle.stat()).isFile()) throw new CliError(`${file}: is not a regular file`);
      const buffer = Buffer.alloc(1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${file}: is a directory, not a PDF file`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new CliError(`${file}: permission denied (the file is not readable)`);
    throw new CliError(`${file}: cannot be read: ${(err as Error).message}`);
  }
  if (head.length === 0) throw new CliError(`${file}: is empty, not a PDF`);
  if (!head.toString('latin1').includes(PDF_MAGIC))
    throw new CliError(`${file}: is not a PDF (no ${PDF_MAGIC} header)`);
}

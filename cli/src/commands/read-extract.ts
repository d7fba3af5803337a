import type { ReportExtract } from '@detainer-watch/contracts';
import { extractReport, ExtractionRejected } from '@detainer-watch/extraction';
import { rejectionError } from '../errors';
import { readPdfFile } from '../io/pdf-file';

/** Reads and extracts one PDF, turning a rejection into a message that names the file and the reason. */
export async function readExtract(file: string): Promise<ReportExtract> {
  const bytes = await readPdfFile(file);
  try {
    return await extractReport(bytes);
  } catch (err) {
    if (err instanceof ExtractionRejected) throw rejectionError(file, err);
    throw err;
  }
}

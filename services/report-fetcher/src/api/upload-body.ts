import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { FetchError } from '../errors';
import { mediaType } from '../validation/content-type';

/** Why an upload request was refused before its bytes were looked at; `status` is the HTTP status to answer. */
export class UploadRequestError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRequestError';
  }
}

/** Media types a raw (non-multipart) upload body may be sent as. */
const RAW_PDF_TYPES = new Set(['application/pdf', 'application/x-pdf', 'application/octet-stream']);

export const UPLOAD_FIELD = 'file';
const DEFAULT_NAME = 'upload.pdf';

/**
 * Hands the uploaded file's bytes, as they arrive, to `ingest`: the raw body of an `application/pdf` request, or the
 * field `file` of a `multipart/form-data` one. Nothing is buffered here; the size limit is enforced by `ingest`
 * while it streams (and up front when the raw body announces a larger Content-Length).
 */
export async function receiveUpload<T>(
  req: IncomingMessage,
  maxBytes: number,
  ingest: (data: AsyncIterable<Uint8Array>, fileName: string) => Promise<T>,
): Promise<T> {
  const type = mediaType(req.headers['content-type']);
  if (type === 'multipart/form-data') return receiveMultipart(req, maxBytes, ingest);
  if (type !== null && RAW_PDF_TYPES.has(type)) {
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes)
      throw new UploadRequestError(
        413,
        `the upload announces ${length} bytes, more than the ${maxBytes}-byte limit; nothing was stored`,
      );
    // Refusing the body part-way (too large, not a PDF) must not destroy the request: that would close the socket
    // under the answer, and the client could get a reset instead of the 413 that says why.
    return ingest(req.iterator({ destroyOnReturn: false }), fileNameFrom(req) ?? DEFAULT_NAME);
  }
  throw new UploadRequestError(
    415,
    `expected a multipart/form-data body with the PDF in the field "${UPLOAD_FIELD}", or the PDF itself as ` +
      `application/pdf; got ${type ?? 'no Content-Type'}`,
  );
}

function receiveMultipart<T>(
  req: IncomingMessage,
  maxBytes: number,
  ingest: (data: AsyncIterable<Uint8Array>, fileName: string) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // One byte over the limit is enough for ingest to see that the file is too large.
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes + 1, fields: 20 } });
    } catch (e) {
      reject(new UploadRequestError(400, `malformed multipart/form-data request: ${(e as Error).message}`));
      return;
    }
    let taken = false;
    parser.on('file', (field, stream: Readable, info) => {
      // When the body stops inside a file, busboy destroys the file stream with "Unexpected end of form" and also
      // emits it on the parser (handled below); unobserved on the stream, that 'error' would crash the process.
      stream.on('error', () => undefined);
      if (field !== UPLOAD_FIELD || taken) {
        stream.resume();
        return;
      }
      taken = true;
      ingest(stream, safeName(info.filename) ?? DEFAULT_NAME).then(resolve, (e: unknown) => {
        stream.resume();
        reject(e);
      });
    });
    parser.on('error', (e: Error) =>
      reject(
        taken
          ? new FetchError('truncated', `the upload ended before the file was complete: ${e.message}`)
          : new UploadRequestError(400, `malformed multipart/form-data request: ${e.message}`),
      ),
    );
    parser.on('close', () => {
      if (!taken)
        reject(
          new UploadRequestError(
            400,
            `the multipart/form-data body has no file in the field "${UPLOAD_FIELD}"`,
          ),
        );
    });
    req.pipe(parser);
  });
}

/** A name from `Content-Disposition: attachment; filename="x.pdf"` or `X-File-Name`, for a raw body. */
function fileNameFrom(req: IncomingMessage): string | null {
  const disposition = req.headers['content-disposition'];
  const m = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
  const header = req.headers['x-file-name'];
  const raw = m?.[1] ?? (typeof header === 'string' ? header : null);
  if (raw === null) return null;
  try {
    return safeName(decodeURIComponent(raw));
  } catch {
    return safeName(raw);
  }
}

/** Only the last path segment, without control characters: it is stored and shown, never used as a path. */
function safeName(name: string | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return clean === '' ? null : clean;
}

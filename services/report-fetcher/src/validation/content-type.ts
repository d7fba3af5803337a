export type ContentTypeClass = 'pdf' | 'html' | 'missing' | 'other';

/** Media types a PDF may legitimately be served with; anything else is refused before the body is read. */
const PDF_TYPES = new Set([
  'application/pdf',
  'application/x-pdf',
  'application/octet-stream',
  'binary/octet-stream',
]);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

export const mediaType = (contentType: string | null | undefined): string | null => {
  const t = contentType?.split(';')[0].trim().toLowerCase();
  return t ? t : null;
};

export function classifyContentType(contentType: string | null | undefined): ContentTypeClass {
  const t = mediaType(contentType);
  if (t === null) return 'missing';
  if (PDF_TYPES.has(t)) return 'pdf';
  if (HTML_TYPES.has(t)) return 'html';
  return 'other';
}

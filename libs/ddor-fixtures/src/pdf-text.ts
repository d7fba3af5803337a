type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });

let pdfjs: Promise<PdfJs> | undefined;

/** pdfjs-dist is ESM only; node16 module resolution keeps this import() a real dynamic import in CommonJS. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** Opens a PDF with pdf.js (as the extractor does) and returns each page's text runs joined by spaces. */
export async function readPdfPages(bytes: Uint8Array): Promise<string[]> {
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    stopAtErrors: true,
  });
  try {
    const doc = await task.promise;
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
      page.cleanup();
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

/** Letters and digits only, so wrapping, hyphenation and spacing do not matter when looking for a string. */
export function squash(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

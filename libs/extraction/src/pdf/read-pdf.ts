import { dirname, join } from 'node:path';
import { ExtractionRejected } from '../errors';
import type { PageText, TextRun } from '../layout/types';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

let pdfjsModule: Promise<PdfJs> | undefined;

/** pdfjs-dist 5 is ESM only; node16 module resolution keeps this import() as a real dynamic import in CommonJS. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= (async () => {
    // The legacy build's core-js replaces engine built-ins it judges incomplete on Node 20, and every call in the
    // thread pays for it: push (V8 throws the wrong error type on a read-only length, a case pdf.js never creates)
    // became several times slower, about a tenth of the CPU of reading a report; JSON.parse/stringify (replaced for
    // proposals nothing here uses) made stringifying one report's outgoing events 17 times slower. The engine's own
    // are put back; what core-js only adds (Promise.withResolvers and the like) stays, as pdf.js needs it.
    const natives = [
      [Array.prototype, 'push'],
      [JSON, 'parse'],
      [JSON, 'stringify'],
      [Function.prototype, 'toString'],
    ] as const;
    const saved = natives.map(
      ([owner, key]) => [owner, key, Object.getOwnPropertyDescriptor(owner, key)!] as const,
    );
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // pdf.js runs its parser on this thread ("fake worker") and would import the worker module, with a second copy
    // of core-js, on the first getDocument, after the natives below are restored. Importing it here first (it
    // registers itself as globalThis.pdfjsWorker, which pdf.js then uses) keeps both copies inside the bracket.
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    for (const [owner, key, descriptor] of saved) Object.defineProperty(owner, key, descriptor);
    return pdfjs;
  })();
  return pdfjsModule;
}

/**
 * Loads pdf.js now rather than on the first PDF (about a second of CPU), so a long-running reader pays for it at
 * start-up instead of on its first report.
 */
export async function preparePdfReader(): Promise<void> {
  await loadPdfJs();
}

const standardFontDataUrl = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

/** An open PDF whose pages are read one at a time, so memory stays flat whatever the page count. */
export interface OpenPdf {
  pageCount: number;
  readPage(pageNumber: number): Promise<PageText>;
  close(): Promise<void>;
}

/** Cheap structural checks first, so a truncated or non-PDF file is named as such rather than as a parser error. */
function checkEnvelope(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ExtractionRejected('empty', 'the file is empty (0 bytes)');
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    throw new ExtractionRejected(
      'corrupt',
      `not a PDF: no "%PDF-" header in the first 1024 bytes (starts with ${JSON.stringify(head.slice(0, 16))})`,
    );
  }
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new ExtractionRejected(
      'corrupt',
      `truncated PDF: no "%%EOF" marker in the last 2048 bytes of ${bytes.length} bytes`,
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function openPdf(bytes: Uint8Array, maxPages: number): Promise<OpenPdf> {
  checkEnvelope(bytes);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js may take ownership of the buffer; the caller keeps theirs.
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
    standardFontDataUrl,
  });
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    const name = (error as { name?: string } | null)?.name;
    if (name === 'PasswordException') {
      throw new ExtractionRejected(
        'encrypted',
        `the PDF is encrypted and needs a password to open: ${describe(error)}`,
        {
          cause: error,
        },
      );
    }
    throw new ExtractionRejected('corrupt', `the PDF cannot be parsed: ${describe(error)}`, { cause: error });
  }
  if (doc.numPages === 0) {
    await doc.destroy();
    throw new ExtractionRejected('empty', 'the PDF has no pages');
  }
  if (doc.numPages > maxPages) {
    const pages = doc.numPages;
    await doc.destroy();
    throw new ExtractionRejected(
      'too_many_pages',
      `the PDF has ${pages} pages; at most ${maxPages} are accepted`,
    );
  }
  return {
    pageCount: doc.numPages,
    async readPage(pageNumber) {
      let page: PdfPage | undefined;
      try {
        page = await doc.getPage(pageNumber);
        return await pageText(pdfjs, page, pageNumber);
      } catch (error) {
        throw new ExtractionRejected('corrupt', `page ${pageNumber} cannot be read: ${describe(error)}`, {
          cause: error,
        });
      } finally {
        page?.cleanup();
      }
    },
    close: () => doc.destroy(),
  };
}

/** Text direction of an item, in quarter turns (0 = left to right, 1 = top to bottom, ...), in y-down coordinates. */
function quarterTurns(m: number[]): number {
  const turns = Math.round(Math.atan2(m[1], m[0]) / (Math.PI / 2));
  return ((turns % 4) + 4) % 4;
}

async function pageText(pdfjs: PdfJs, page: PdfPage, pageNumber: number): Promise<PageText> {
  // The viewport applies the page's /Rotate and flips y, so coordinates are as the page is displayed.
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const placed: { text: string; m: number[]; width: number; turns: number }[] = [];
  const weight = [0, 0, 0, 0];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const m = pdfjs.Util.transform(viewport.transform, item.transform) as number[];
    const turns = quarterTurns(m);
    weight[turns] += item.str.length;
    placed.push({ text: item.str, m, width: item.width, turns });
  }
  // Landscape tables are sometimes drawn rotated on a portrait page without /Rotate: read the page in the direction
  // most of its text runs, and drop the few runs at right angles to it (stamps, margin notes).
  const dominant = weight.indexOf(Math.max(...weight));
  const angle = (dominant * Math.PI) / 2;
  const cos = Math.round(Math.cos(angle));
  const sin = Math.round(Math.sin(angle));
  const along = (x: number, y: number) => x * cos + y * sin;
  const across = (x: number, y: number) => -x * sin + y * cos;
  const corners = [
    [0, 0],
    [viewport.width, 0],
    [0, viewport.height],
    [viewport.width, viewport.height],
  ];
  const u0 = Math.min(...corners.map(([x, y]) => along(x, y)));
  const v0 = Math.min(...corners.map(([x, y]) => across(x, y)));
  const runs: TextRun[] = [];
  for (const p of placed) {
    if (p.turns !== dominant) continue;
    const x = p.m[4];
    const y = p.m[5];
    runs.push({
      text: p.text,
      x: along(x, y) - u0,
      y: across(x, y) - v0,
      width: p.width,
      fontSize: Math.hypot(p.m[2], p.m[3]),
    });
  }
  const sideways = dominant % 2 === 1;
  return {
    page: pageNumber,
    width: sideways ? viewport.height : viewport.width,
    height: sideways ? viewport.width : viewport.height,
    runs,
  };
}

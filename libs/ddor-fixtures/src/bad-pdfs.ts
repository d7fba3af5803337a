import { deflateSync, crc32 } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { compose } from './compose';
import { generateReport, type GeneratedReport } from './generate';
import type { Layout } from './layout';
import { defaultLayout } from './layouts';
import { FIXED_DATE, renderPdfkit } from './render';
import { syntheticContent } from './synthetic';

/** Inputs an extractor must reject with a clear error rather than return rows for. */
export interface BadPdfs {
  /** pages that are only images: no text layer at all, as from a scanner */
  scanned: Uint8Array;
  /** a DDOR encrypted with a user password */
  encrypted: Uint8Array;
  /** a DDOR cut off at 60% of its bytes */
  truncated: Uint8Array;
  zeroByte: Uint8Array;
  /** a valid text PDF about something else */
  notADdor: Uint8Array;
}

function pdfkitBytes(
  build: (doc: PDFKit.PDFDocument) => void,
  options: PDFKit.PDFDocumentOptions = {},
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    info: { CreationDate: FIXED_DATE, ModDate: FIXED_DATE, Producer: 'PDFKit' },
    ...options,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  build(doc);
  doc.end();
  return done;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A grayscale PNG of a scanned table page: ruled rows with dark word-shaped blots, slightly skewed like a scan. */
export function scannedPagePng(width: number, height: number, seed: number): Buffer {
  const rows = Buffer.alloc((width + 1) * height, 0xff);
  let s = seed >>> 0;
  const rand = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const set = (x: number, y: number, v: number): void => {
    if (x >= 0 && x < width && y >= 0 && y < height) rows[y * (width + 1) + 1 + x] = v;
  };
  const skew = 0.004;
  for (let y = 60; y < height - 60; y += 28) {
    for (let x = 40; x < width - 40; x++) set(x, Math.round(y + x * skew), 0x30);
    let x = 50;
    while (x < width - 80) {
      const word = 10 + Math.floor(rand() * 50);
      for (let dx = 0; dx < word; dx++)
        for (let dy = 8; dy < 18; dy++)
          if (rand() < 0.55) set(x + dx, Math.round(y + dy + (x + dx) * skew), 0x20);
      x += word + 6 + Math.floor(rand() * 10);
    }
  }
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter type None
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export async function badPdfs(): Promise<BadPdfs> {
  const small = syntheticContent({ seed: 7, declinedRows: 12, policies: 4 });
  const real = await generateReport(small, defaultLayout);
  const scanned = await pdfkitBytes((doc) => {
    for (let p = 0; p < 3; p++) {
      doc.addPage({ size: [792, 612], margin: 0 });
      doc.image(scannedPagePng(1100, 850, p + 1), 0, 0, { width: 792, height: 612 });
    }
  });
  const encrypted = await renderPdfkit(compose(small, defaultLayout), {
    userPassword: 'detainer',
    ownerPassword: 'owner',
  });
  const notADdor = await pdfkitBytes((doc) => {
    doc.addPage({ size: 'LETTER', margin: 72 });
    doc.font('Helvetica-Bold').fontSize(16).text('County Parks and Recreation Department');
    doc.font('Helvetica').fontSize(11).moveDown();
    doc.text('Quarterly Facility Usage Summary, Fiscal Year 2017, Second Quarter');
    doc.moveDown();
    for (const [park, visits] of [
      ['Riverside Park', '12,408'],
      ['Oak Hollow Trail', '3,911'],
      ['Lakeview Pavilion', '7,260'],
    ]) {
      doc.text(`${park}: ${visits} visits recorded, picnic shelters reserved on 41 of 90 days.`);
    }
    doc.moveDown().text('Detainers, jurisdictions and enforcement are not the subject of this report.');
  });
  return {
    scanned,
    encrypted,
    truncated: real.pdf.slice(0, Math.floor(real.pdf.length * 0.6)),
    zeroByte: new Uint8Array(0),
    notADdor,
  };
}

/**
 * A DDOR of about `pages` pages (synthetic rows), for volume and memory tests. The truth's pageCount is exact;
 * the row count is estimated from a sample so the total lands within a few pages of `pages`.
 */
export async function largeReport(
  pages: number,
  layout: Layout = defaultLayout,
  seed = 1,
): Promise<GeneratedReport> {
  if (!Number.isInteger(pages) || pages < 5)
    throw new Error(`largeReport: pages must be an integer >= 5, got ${pages}`);
  // estimate rows per page from a sample, then correct once from a full layout pass (composing is cheap, rendering not)
  const pagesFor = (rows: number): number =>
    compose(syntheticContent({ seed, declinedRows: rows }), layout).truth.pageCount;
  const sampleRows = 150;
  const fixed = pagesFor(0);
  const perPage = sampleRows / Math.max(1, pagesFor(sampleRows) - fixed);
  let rows = Math.max(1, Math.round((pages - fixed) * perPage));
  rows = Math.max(1, Math.round(rows + (pages - pagesFor(rows)) * perPage));
  return generateReport(syntheticContent({ seed, declinedRows: rows }), layout);
}

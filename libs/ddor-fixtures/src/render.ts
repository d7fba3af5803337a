import PDFDocument from 'pdfkit';
import { PDFDocument as LibDocument, PDFFont, grayscale } from 'pdf-lib';
import type { Composition } from './compose';
import { AGENCY_LINE, REPORT_TITLE } from './content';
import type { Generator } from './layout';
import { standardFont, type FontName } from './text';

/** Fixed metadata so the same content and layout always give the same bytes. */
export const FIXED_DATE = new Date('2017-03-20T12:00:00Z');
const METADATA = {
  title: REPORT_TITLE,
  author: 'U.S. Immigration and Customs Enforcement',
  subject: AGENCY_LINE,
  creator: 'detainer-watch ddor-fixtures',
};

export async function render(composition: Composition, generator: Generator): Promise<Uint8Array> {
  return generator === 'pdfkit' ? renderPdfkit(composition) : renderPdfLib(composition);
}

export interface PdfkitExtraOptions {
  userPassword?: string;
  ownerPassword?: string;
}

export function renderPdfkit(composition: Composition, extra: PdfkitExtraOptions = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    margin: 0,
    info: {
      Title: METADATA.title,
      Author: METADATA.author,
      Subject: METADATA.subject,
      Creator: METADATA.creator,
      Producer: 'PDFKit',
      CreationDate: FIXED_DATE,
      ModDate: FIXED_DATE,
    },
    ...extra,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  for (const page of composition.pages) {
    doc.addPage({ size: [composition.width, composition.height], margin: 0 });
    for (const op of page.ops) {
      switch (op.kind) {
        case 'text':
          doc.font(op.font).fontSize(op.size).fillColor('black');
          doc.text(op.text, op.x, op.y, { lineBreak: false, baseline: 'alphabetic' });
          break;
        case 'line':
          doc.moveTo(op.x1, op.y1).lineTo(op.x2, op.y2).lineWidth(op.width).strokeColor('black').stroke();
          break;
        case 'rect': {
          const level = Math.round(op.gray * 255);
          doc.rect(op.x, op.y, op.w, op.h).fillColor([level, level, level]).fill();
          break;
        }
      }
    }
  }
  doc.end();
  return done;
}

async function renderPdfLib(composition: Composition): Promise<Uint8Array> {
  const doc = await LibDocument.create({ updateMetadata: false });
  doc.setTitle(METADATA.title);
  doc.setAuthor(METADATA.author);
  doc.setSubject(METADATA.subject);
  doc.setCreator(METADATA.creator);
  doc.setProducer('pdf-lib');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const fonts = new Map<FontName, PDFFont>();
  const font = async (name: FontName): Promise<PDFFont> => {
    let f = fonts.get(name);
    if (!f) {
      f = await doc.embedFont(standardFont(name));
      fonts.set(name, f);
    }
    return f;
  };
  const h = composition.height;
  for (const composed of composition.pages) {
    const page = doc.addPage([composition.width, h]);
    for (const op of composed.ops) {
      switch (op.kind) {
        case 'text':
          page.drawText(op.text, { x: op.x, y: h - op.y, size: op.size, font: await font(op.font) });
          break;
        case 'line':
          page.drawLine({
            start: { x: op.x1, y: h - op.y1 },
            end: { x: op.x2, y: h - op.y2 },
            thickness: op.width,
            color: grayscale(0),
          });
          break;
        case 'rect':
          page.drawRectangle({
            x: op.x,
            y: h - op.y - op.h,
            width: op.w,
            height: op.h,
            color: grayscale(op.gray),
          });
          break;
      }
    }
  }
  return doc.save({ useObjectStreams: false });
}

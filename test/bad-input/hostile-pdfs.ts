import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * Hand-made PDFs for the bad-input corpus. `assemble` writes objects 1..n (object 1 is the catalog) with a correct
 * cross-reference table, so each file is exactly as broken as the case intends and no more.
 */
export function assemble(
  objects: (string | Buffer)[],
  opts: { header?: string; trailerExtra?: string } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from(`${opts.header ?? '%PDF-1.7'}\n%\xe2\xe3\xcf\xd3\n`, 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const head = Buffer.from(`${i + 1} 0 obj\n`, 'latin1');
    const content = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
    const tail = Buffer.from('\nendobj\n', 'latin1');
    parts.push(head, content, tail);
    offset += head.length + content.length + tail.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R ${opts.trailerExtra ?? ''}>>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

const page = (parent: number, contents?: number) =>
  `<< /Type /Page /Parent ${parent} 0 R /MediaBox [0 0 612 792]${contents ? ` /Contents ${contents} 0 R` : ''} >>`;

const stream = (data: Buffer, dict = '') =>
  Buffer.concat([
    Buffer.from(`<< /Length ${data.length} ${dict}>>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);

/** A well-formed one-page PDF whose only text is `text` (Helvetica). */
export function textPdf(text: string): Buffer {
  const content = Buffer.from(`BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`, 'latin1');
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    stream(content),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/** `pages` real (blank) pages: more than the extractor's page limit when pages > EXTRACTOR_MAX_PAGES. */
export function manyPages(pages: number): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, () => page(2)),
  ]);
}

/** One page, but a page tree that claims `count` pages. */
export function lyingPageCount(count: number): Buffer {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [3 0 R] /Count ${count} >>`,
    page(2),
  ]);
}

/** A catalog holding an array nested `depth` levels deep (a recursive parser's stack). */
export function nestedArrays(depth: number): Buffer {
  return assemble([
    `<< /Type /Catalog /Pages 2 0 R /Deep ${'['.repeat(depth)}${']'.repeat(depth)} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    page(2),
  ]);
}

/** A catalog holding dictionaries nested `depth` levels deep. */
export function nestedDictionaries(depth: number): Buffer {
  return assemble([
    `<< /Type /Catalog /Pages 2 0 R /Deep ${'<< /A '.repeat(depth)}1${' >>'.repeat(depth)} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    page(2),
  ]);
}

/** A page tree nested `depth` levels deep (Pages inside Pages), one page at the bottom. */
export function deepPageTree(depth: number): Buffer {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>'];
  for (let i = 0; i < depth; i++) {
    const self = i + 2;
    const parent = i === 0 ? '' : ` /Parent ${self - 1} 0 R`;
    objs.push(`<< /Type /Pages /Kids [${self + 1} 0 R] /Count 1${parent} >>`);
  }
  objs.push(page(depth + 1));
  return assemble(objs);
}

/** A page tree whose Pages node lists itself as its kid. */
export function circularPageTree(): Buffer {
  return assemble(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']);
}

/** A page whose content stream inflates from a few KB to `mb` MB of spaces (a decompression bomb in small). */
export function inflationBomb(mb: number): Buffer {
  const data = deflateSync(Buffer.alloc(mb * 1024 * 1024, 0x20), { level: 9 });
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    page(2, 4),
    stream(data, '/Filter /FlateDecode '),
  ]);
}

/** A content stream whose /Length points far past the end of the file. */
export function hugeStreamLength(): Buffer {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    page(2, 4),
    '<< /Length 999999999999 >>\nstream\nBT ET\nendstream',
  ]);
}

/** The %PDF- header followed by random bytes. */
export const randomWithHeader = (bytes: number): Buffer =>
  Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), randomBytes(bytes)]);

/** A PDF whose cross-reference table points at nothing and whose trailer names a missing catalog. */
export function brokenXref(): Buffer {
  const good = textPdf('Declined Detainer Outcome Report');
  return Buffer.from(
    good
      .toString('latin1')
      .replace(/startxref\n\d+/, 'startxref\n999999')
      .replace('/Root 1 0 R', '/Root 77 0 R'),
    'latin1',
  );
}

/** An object stream pointing at itself (a cycle a careless reader follows forever). */
export function selfReferencingLength(): Buffer {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    page(2, 4),
    '<< /Length 4 0 R >>\nstream\nBT ET\nendstream',
  ]);
}

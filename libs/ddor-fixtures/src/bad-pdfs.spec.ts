import { badPdfs, largeReport, type BadPdfs } from './bad-pdfs';
import { readPdfPages } from './pdf-text';

describe('bad-input PDFs', () => {
  let bad: BadPdfs;
  beforeAll(async () => {
    bad = await badPdfs();
  });

  it('scanned: opens, has pages and no text layer', async () => {
    const pages = await readPdfPages(bad.scanned);
    expect(pages.length).toBe(3);
    expect(pages.join('').trim()).toBe('');
  });

  it('encrypted: pdf.js asks for a password', async () => {
    await expect(readPdfPages(bad.encrypted)).rejects.toMatchObject({ name: 'PasswordException' });
  });

  it('truncated: cannot be read', async () => {
    expect(Buffer.from(bad.truncated).includes('%%EOF')).toBe(false);
    await expect(readPdfPages(bad.truncated)).rejects.toThrow();
  });

  it('zero-byte: empty and unreadable', async () => {
    expect(bad.zeroByte.length).toBe(0);
    await expect(readPdfPages(bad.zeroByte)).rejects.toThrow();
  });

  it('not a DDOR: a readable text PDF without the report title', async () => {
    const text = (await readPdfPages(bad.notADdor)).join(' ');
    expect(text).toContain('Parks');
    expect(text).not.toContain('Declined Detainer Outcome Report');
  });
});

describe('largeReport', () => {
  it('produces about the requested number of pages with a truth to match', async () => {
    const report = await largeReport(60);
    expect(Math.abs(report.truth.pageCount - 60)).toBeLessThanOrEqual(3);
    expect(await readPdfPages(report.pdf)).toHaveLength(report.truth.pageCount);
  });

  it('rejects a page count it cannot produce', async () => {
    await expect(largeReport(2)).rejects.toThrow(/pages must be/);
  });
});

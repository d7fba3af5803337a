import { generateReport, layouts, syntheticContent } from '@detainer-watch/ddor-fixtures';
import { openPdf } from './read-pdf';

// Captured before anything in this file loads pdf.js, whose legacy build swaps these for slower core-js versions.
const natives = {
  push: Array.prototype.push,
  parse: JSON.parse,
  stringify: JSON.stringify,
  toString: Function.prototype.toString,
};

describe('openPdf', () => {
  it('leaves the engine built-ins that pdf.js replaces as they were', async () => {
    const { pdf: bytes } = await generateReport(syntheticContent({ seed: 1, declinedRows: 3 }), layouts[0]);
    const pdf = await openPdf(bytes, 10);
    await pdf.close();
    expect(Array.prototype.push).toBe(natives.push);
    expect(JSON.parse).toBe(natives.parse);
    expect(JSON.stringify).toBe(natives.stringify);
    expect(Function.prototype.toString).toBe(natives.toString);
  });
});

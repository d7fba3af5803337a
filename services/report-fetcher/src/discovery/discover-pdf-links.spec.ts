import { discoverPdfLinks } from './discover-pdf-links';

const page = 'https://www.ice.gov/declined-detainer-outcome-report';

describe('discoverPdfLinks', () => {
  it('collects PDF links with their text, resolving relative and absolute ones, in page order, deduped', async () => {
    const html = `<!doctype html><html><body>
      <a href="/doclib/ddor/ddor2017_01-28to02-03.pdf">Week of Jan. 28 &ndash; Feb. 3, 2017</a>
      <a href="ddor2017_02-04to02-10.PDF#page=2"><span>Week of</span>
         Feb. 4 – Feb. 10</a>
      <a href="https://www.ice.gov/doclib/ddor/ddor2017_01-28to02-03.pdf"></a>
      <a href="/sites/default/files/documents/Report/2018/ddr-fy18q2">Declined Detainer Report FY2018 Q2 (PDF | 1.1 MB)</a>
      <a href="/about">About ICE</a>
      <a href="mailto:someone@example.org?subject=x.pdf">mail</a>
      <a href="javascript:void(0)">PDF viewer</a>
      <a type="application/pdf" href="/doclib/q3">Q3</a>
      <a>no href</a>
    </body></html>`;
    expect(await discoverPdfLinks(html, page)).toEqual([
      {
        url: 'https://www.ice.gov/doclib/ddor/ddor2017_01-28to02-03.pdf',
        text: 'Week of Jan. 28 – Feb. 3, 2017',
      },
      { url: 'https://www.ice.gov/ddor2017_02-04to02-10.PDF', text: 'Week of Feb. 4 – Feb. 10' },
      {
        url: 'https://www.ice.gov/sites/default/files/documents/Report/2018/ddr-fy18q2',
        text: 'Declined Detainer Report FY2018 Q2 (PDF | 1.1 MB)',
      },
      { url: 'https://www.ice.gov/doclib/q3', text: 'Q3' },
    ]);
  });

  it('resolves against <base href>, even for links before it', async () => {
    const html = `<a href="a.pdf">A</a><head><base href="https://www.ice.gov/doclib/ddor/"></head><a href="b.pdf">B</a>`;
    expect((await discoverPdfLinks(html, page)).map((l) => l.url)).toEqual([
      'https://www.ice.gov/doclib/ddor/a.pdf',
      'https://www.ice.gov/doclib/ddor/b.pdf',
    ]);
  });

  it('keeps the first non-empty text when a URL is linked twice and survives broken markup', async () => {
    const html = `<a href="x.pdf"><img src="icon.png"></a><p><a href="x.pdf">Report <b>X</a></div><a href="http://[bad">y.pdf</a>`;
    expect(await discoverPdfLinks(html, page)).toEqual([
      { url: 'https://www.ice.gov/x.pdf', text: 'Report X' },
    ]);
  });
});

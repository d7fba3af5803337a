export interface DiscoveredLink {
  /** Absolute URL, fragment removed. */
  url: string;
  /** The link's visible text, whitespace collapsed (the first non-empty one when a URL is linked twice). */
  text: string;
}

/**
 * Finds the links to PDFs on an index page: `<a href>` whose path ends in `.pdf`, whose `type` is application/pdf,
 * or whose text says PDF (ICE writes "Declined Detainer Outcome Report (PDF | 1.2 MB)" next to links that do not
 * always end in .pdf). Relative links are resolved against `<base href>` (when present) and the page URL; only
 * http(s) links are kept; duplicates are merged, in page order.
 */
export async function discoverPdfLinks(html: string, pageUrl: string): Promise<DiscoveredLink[]> {
  const { Parser } = await import('htmlparser2');
  let base = pageUrl;
  let baseSeen = false;
  const found: Array<{ href: string; type: string; text: string }> = [];
  let open: { href: string; type: string; text: string } | null = null;

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && !baseSeen && attrs.href) {
          // Only the first <base href> counts (HTML spec); it applies to every link, even ones before it.
          baseSeen = true;
          try {
            base = new URL(attrs.href.trim(), pageUrl).href;
          } catch {
            /* an unusable <base> is ignored like a browser does */
          }
        } else if (name === 'a' && attrs.href !== undefined) {
          open = { href: attrs.href.trim(), type: (attrs.type ?? '').toLowerCase(), text: '' };
          found.push(open);
        }
      },
      ontext(text) {
        if (open) open.text += text;
      },
      onclosetag(name) {
        if (name === 'a') open = null;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);

  const byUrl = new Map<string, DiscoveredLink>();
  for (const a of found) {
    let url: URL;
    try {
      url = new URL(a.href, base);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    url.hash = '';
    const text = a.text.replace(/\s+/g, ' ').trim();
    const isPdf =
      /\.pdf$/i.test(url.pathname) ||
      a.type.startsWith('application/pdf') ||
      /(^|[^a-z])pdf([^a-z]|$)/i.test(text);
    if (!isPdf) continue;
    const known = byUrl.get(url.href);
    if (!known) byUrl.set(url.href, { url: url.href, text });
    else if (known.text === '' && text !== '') known.text = text;
  }
  return [...byUrl.values()];
}

/** The text of the first `<title>` of an HTML document (whitespace collapsed), or null when it has none. */
export async function htmlTitle(html: string): Promise<string | null> {
  const { Parser } = await import('htmlparser2');
  let inTitle = false;
  let done = false;
  let text = '';
  const parser = new Parser(
    {
      onopentagname(name) {
        if (name === 'title' && !done) inTitle = true;
      },
      ontext(t) {
        if (inTitle) text += t;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          done = true;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  const title = text.replace(/\s+/g, ' ').trim();
  return title === '' ? null : title.slice(0, 200);
}

/** Whether bytes that are not a PDF look like an HTML page (after an optional BOM and whitespace). */
export const looksLikeHtml = (head: Uint8Array): boolean =>
  /^(\uFEFF)?\s*<(!doctype\s+html|html|head|body|!--|title|meta)/i.test(
    Buffer.from(head).toString('utf8', 0, 512),
  );

export async function htmlInsteadOfPdfMessage(where: string, head: Uint8Array): Promise<string> {
  const title = await htmlTitle(Buffer.from(head).toString('utf8'));
  return (
    `HTML served where a PDF was expected at ${where}` + (title === null ? '' : ` (page title: "${title}")`)
  );
}

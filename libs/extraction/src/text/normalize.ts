/** Collapses all whitespace (including no-break spaces and line breaks) to single spaces and trims. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Lower-case letters and digits only: how header labels and headings are compared. */
export function normalizeLabel(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const HYPHENS = /[-\u2010\u2011]$/;
/** "first-" + "or second-degree": a suspended hyphen, kept with its space. */
const SUSPENDED = /^(?:and|or|nor|to)\b/i;

/**
 * Joins the lines of one table cell. A hyphen at the end of a line is a line-break hyphen when a lower-case letter
 * precedes it and a lower-case letter starts the next line (or both sides are capitals), unless the hyphenated word is printed unbroken elsewhere
 * in the document (`hyphenatedWords`, lower case): "Assault-" + "ive" gives "Assaultive", "Miami-" + "Dade" gives
 * "Miami-Dade", "non-" + "cooperative" gives "non-cooperative" when the report also prints "non-cooperative".
 */
export function joinCellLines(
  lines: readonly string[],
  hyphenatedWords: ReadonlySet<string> = new Set(),
): string {
  let out = '';
  for (const raw of lines) {
    const line = normalizeWhitespace(raw);
    if (line === '') continue;
    if (out === '') {
      out = line;
      continue;
    }
    if (!HYPHENS.test(out) || /\s[-\u2010\u2011]$/.test(out)) {
      out += ' ' + line;
      continue;
    }
    const before = /([\p{L}\p{N}]+)[-\u2010\u2011]$/u.exec(out)?.[1] ?? '';
    const after = /^[\p{L}\p{N}]+/u.exec(line)?.[0] ?? '';
    const sameCase =
      (/\p{Ll}$/u.test(before) && /^\p{Ll}/u.test(after)) ||
      (/\p{Lu}{2}$/u.test(before) && /^\p{Lu}/u.test(after));
    if (SUSPENDED.test(line)) {
      out += ' ' + line;
      continue;
    }
    const breakHyphen = sameCase && !hyphenatedWords.has(`${before}-${after}`.toLowerCase());
    out = breakHyphen ? out.slice(0, -1) + line : out + line;
  }
  return out;
}

/** Words printed with an inner hyphen, lower case, to tell real hyphens from line-break ones. */
export function collectHyphenatedWords(text: string, into: Set<string>): void {
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{N}]+)+/gu)) {
    const parts = match[0].toLowerCase().split(/[-\u2010\u2011]/);
    // Each adjacent pair too: a line may break inside "hit-and-run" at either hyphen.
    for (let i = 0; i + 1 < parts.length; i++) into.add(`${parts[i]}-${parts[i + 1]}`);
  }
}

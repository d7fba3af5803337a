/* eslint-disable no-control-regex -- these guards exist to find control characters */

/**
 * Text that ends up in a mail header must stay on one line: a CR or LF there starts a new header (header injection).
 * Values a user gives (addresses, names) are refused when they contain one; text from a report is flattened.
 */
const CONTROL = /[\x00-\x1f\x7f]/;
const CONTROL_OR_LINE_SEPARATOR = /[\x00-\x1f\x7f\u2028\u2029]+/g;

export const hasLineBreak = (s: string): boolean => /[\r\n]/.test(s);
export const hasControlChars = (s: string): boolean => CONTROL.test(s);

/** One header line: control characters become spaces, whitespace is collapsed, at most `max` characters. */
export function headerSafe(text: string, max = 200): string {
  const flat = text.replace(CONTROL_OR_LINE_SEPARATOR, ' ').replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

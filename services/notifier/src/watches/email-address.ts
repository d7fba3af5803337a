import { hasControlChars, hasLineBreak } from '../text/header-safety';

/**
 * Watch addresses end up in SMTP envelopes and To: headers, so anything that could be read as a second address, a
 * display name or a new header line is refused outright rather than cleaned up: a user who typed it by mistake gets a
 * clear message, and an attacker gets nothing.
 */
export class InvalidEmailAddressError extends Error {
  constructor(readonly problem: string) {
    super(`invalid email address: ${problem}`);
    this.name = 'InvalidEmailAddressError';
  }
}

// RFC 5322 atext, without the characters that mean something in an address list or a header.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TLD = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * Returns the address with its domain lower-cased, or throws InvalidEmailAddressError naming what is wrong.
 * Neither the message nor the error's fields repeat the address, so the error can be logged as it is.
 */
export function parseEmailAddress(input: unknown): string {
  if (typeof input !== 'string') throw new InvalidEmailAddressError('expected a string');
  const fail = (problem: string): never => {
    throw new InvalidEmailAddressError(problem);
  };
  if (hasLineBreak(input)) fail('contains a line break (CR or LF), which could inject mail headers');
  if (hasControlChars(input)) fail('contains a control character');
  const s = input.trim();
  if (s === '') fail('empty');
  if (s.length > 254) fail('longer than 254 characters');
  if (/[,;]/.test(s)) fail('contains "," or ";": only one address is accepted');
  if (/[<>"()]|\s/.test(s)) {
    fail(
      'contains a display name, angle brackets, quotes, comments or spaces: give the bare address, e.g. name@example.org',
    );
  }
  const at = s.split('@');
  if (at.length !== 2)
    fail(at.length < 2 ? 'missing "@"' : 'more than one "@": only one address is accepted');
  const [local, domain] = at as [string, string];
  if (local.length === 0 || local.length > 64) fail('the part before "@" must be 1 to 64 characters');
  if (!LOCAL_PART.test(local)) fail('the part before "@" has a character or dot that is not allowed');
  if (domain.startsWith('[')) fail('IP address literals are not accepted as a domain');
  const labels = domain.split('.');
  if (labels.length < 2) fail('the domain needs a dot, e.g. example.org');
  if (!labels.every((l) => DOMAIN_LABEL.test(l)))
    fail('the domain has an empty label or a character that is not allowed');
  if (!TLD.test(labels[labels.length - 1]!)) fail('the domain does not end in a valid top-level domain');
  return `${local}@${domain.toLowerCase()}`;
}

import { InvalidEmailAddressError, parseEmailAddress } from './email-address';
import {
  WatchTransitionError,
  WatchValidationError,
  confirmWatch,
  createWatch,
  unsubscribeWatch,
} from './watch';

const now = new Date('2024-05-01T12:00:00Z');
const hartford = {
  id: 'place:0937000',
  name: 'Hartford city',
  type: 'city',
  state: 'CT',
  fips: '0937000',
} as const;

describe('parseEmailAddress', () => {
  it.each([
    ['ana@example.org', 'ana@example.org'],
    ['Ana.Lopez+ct@Newsroom.Example.ORG', 'Ana.Lopez+ct@newsroom.example.org'],
    ['  ana@example.org ', 'ana@example.org'],
  ])('accepts %j', (input, expected) => {
    expect(parseEmailAddress(input)).toBe(expected);
  });

  it.each([
    ['zqx@example.org\r\nBcc: victim@example.com', /line break/],
    ['zqx@example.org\nBcc: victim@example.com', /line break/],
    ['zqx@example.org%0d%0aBcc:x@y.org', /character or dot|more than one "@"/],
    ['zqx@example.org, victim@example.com', /only one address/],
    ['zqx@example.org;victim@example.com', /only one address/],
    ['zqx@example.org victim@example.com', /display name|spaces/],
    ['"Editor" <zqx@example.org>', /display name/],
    ['Editor <zqx@example.org>', /display name/],
    ['"victim@example.com" <zqx@example.org>', /display name/],
    ['zqx@example.org (comment)', /display name/],
    ['zqx@victim.org@example.org', /more than one "@"/],
    ['zqx\u0000@example.org', /control character/],
    ['zqx.example.org', /missing "@"/],
    ['zqx@localhost', /needs a dot/],
    ['zqx@[127.0.0.1]', /IP address/],
    ['.zqx@example.org', /before "@"/],
    ['zqx@example.c0m', /top-level domain/],
    ['', /empty/],
  ])('refuses %j with a clear reason', (input, reason) => {
    let error: unknown;
    try {
      parseEmailAddress(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEmailAddressError);
    expect((error as Error).message).toMatch(reason);
    // The error may be logged: it must not carry the address.
    const logged = JSON.stringify({ ...(error as object), message: (error as Error).message });
    expect(logged).not.toMatch(/zqx|victim/);
  });
});

describe('watch lifecycle', () => {
  it('creates a pending watch with two distinct unguessable tokens', () => {
    const a = createWatch({ email: 'ana@example.org', jurisdiction: hartford }, now);
    const b = createWatch({ email: 'ana@example.org', jurisdiction: hartford }, now);
    expect(a.status).toBe('pending_confirmation');
    expect(a.includeChildren).toBe(false);
    expect(a.createdAt).toBe('2024-05-01T12:00:00.000Z');
    expect(a.confirmToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([a.confirmToken, a.unsubscribeToken, b.confirmToken, b.unsubscribeToken]).size).toBe(4);
    expect(a.id).not.toBe(b.id);
  });

  it('names every invalid field, without repeating the values', () => {
    let error: unknown;
    try {
      createWatch(
        {
          email: 'ana@example.org\r\nBcc: victim@example.com',
          jurisdiction: { ...hartford, name: 'Hartford\r\nBcc: victim@example.com' },
        },
        now,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WatchValidationError);
    const issues = (error as WatchValidationError).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^email: .*line break/),
        expect.stringMatching(/^jurisdiction\.name: must not contain line breaks/),
      ]),
    );
    expect((error as Error).message).not.toContain('victim');
  });

  it('refuses includeChildren on a facility and a malformed jurisdiction', () => {
    expect(() =>
      createWatch(
        {
          email: 'ana@example.org',
          jurisdiction: {
            id: 'facility:CT:hartford-cc',
            name: 'Hartford CC',
            type: 'facility',
            state: 'CT',
            fips: null,
          },
          includeChildren: true,
        },
        now,
      ),
    ).toThrow(/includeChildren: not available for a facility/);
    expect(() =>
      createWatch({ email: 'ana@example.org', jurisdiction: { ...hartford, state: 'Connecticut' } }, now),
    ).toThrow(/jurisdiction\.state/);
  });

  it('confirms with the right token only, twice harmlessly, never after unsubscribing', () => {
    const w = createWatch({ email: 'ana@example.org', jurisdiction: hartford }, now);
    expect(() => confirmWatch(w, w.unsubscribeToken, now)).toThrow(WatchTransitionError);
    expect(() => confirmWatch(w, 'x', now)).toThrow(/token does not match/);
    const later = new Date('2024-05-02T00:00:00Z');
    const c = confirmWatch(w, w.confirmToken, later);
    expect(c).toMatchObject({ status: 'confirmed', confirmedAt: later.toISOString() });
    expect(confirmWatch(c, w.confirmToken, new Date())).toBe(c);
    const u = unsubscribeWatch(c, w.unsubscribeToken, later);
    expect(u).toMatchObject({ status: 'unsubscribed', unsubscribedAt: later.toISOString() });
    expect(unsubscribeWatch(u, w.unsubscribeToken, new Date())).toBe(u);
    expect(() => confirmWatch(u, w.confirmToken, now)).toThrow(/already unsubscribed/);
    expect(() => unsubscribeWatch(c, w.confirmToken, now)).toThrow(/token does not match/);
  });

  it('lets a pending watch be unsubscribed', () => {
    const w = createWatch({ email: 'ana@example.org', jurisdiction: hartford }, now);
    expect(unsubscribeWatch(w, w.unsubscribeToken, now).status).toBe('unsubscribed');
  });
});

import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { IsoDateTime, JurisdictionEntity } from '@detainer-watch/contracts';
import { hasControlChars } from '../text/header-safety';
import { parseEmailAddress } from './email-address';

export const WatchStatus = z.enum(['pending_confirmation', 'confirmed', 'unsubscribed']);

// A jurisdiction name goes into Subject: lines; a line break there would start a new header.
const HeaderSafeText = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !hasControlChars(s), 'must not contain line breaks (CR/LF) or other control characters');

/** The watched place, as the resolver returned it (the fields of JurisdictionEntity a watch needs). */
export const WatchedJurisdiction = JurisdictionEntity.pick({ type: true, state: true, fips: true }).extend({
  id: HeaderSafeText,
  name: HeaderSafeText,
});

export const EmailAddress = z.string().transform((value, ctx) => {
  try {
    return parseEmailAddress(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

/** 32 random bytes, base64url: unguessable, and safe in a URL without escaping. */
export const WatchToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a token is 43 base64url characters');

export const Watch = z.object({
  id: z.uuid(),
  email: EmailAddress,
  jurisdiction: WatchedJurisdiction,
  includeChildren: z.boolean().describe('also alert for the counties, places and facilities inside'),
  status: WatchStatus,
  confirmToken: WatchToken,
  unsubscribeToken: WatchToken,
  createdAt: IsoDateTime,
  confirmedAt: IsoDateTime.nullable(),
  unsubscribedAt: IsoDateTime.nullable(),
});

export const NewWatchInput = z
  .object({
    email: EmailAddress,
    jurisdiction: WatchedJurisdiction,
    includeChildren: z.boolean().default(false),
  })
  .refine((w) => !(w.includeChildren && w.jurisdiction.type === 'facility'), {
    message: 'not available for a facility: nothing lies inside one',
    path: ['includeChildren'],
  });

export type WatchStatus = z.infer<typeof WatchStatus>;
export type WatchedJurisdiction = z.infer<typeof WatchedJurisdiction>;
export type Watch = z.infer<typeof Watch>;
export type NewWatchInput = z.input<typeof NewWatchInput>;

/** A watch request that does not validate. `issues` name each field and problem; no value is repeated. */
export class WatchValidationError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid watch: ${issues.join('; ')}`);
    this.name = 'WatchValidationError';
  }
}

/** A confirm or unsubscribe request that does not apply to this watch. */
export class WatchTransitionError extends Error {
  constructor(
    readonly watchId: string,
    readonly reason: 'wrong_token' | 'unsubscribed',
  ) {
    super(
      reason === 'wrong_token'
        ? `watch ${watchId}: the token does not match`
        : `watch ${watchId}: already unsubscribed; create a new watch to subscribe again`,
    );
    this.name = 'WatchTransitionError';
  }
}

export const newWatchToken = (): string => randomBytes(32).toString('base64url');

/** Validates a request and returns a watch awaiting confirmation, with fresh tokens. */
export function createWatch(input: unknown, now: Date): Watch {
  const parsed = NewWatchInput.safeParse(input);
  if (!parsed.success) {
    throw new WatchValidationError(
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(watch)'}: ${i.message}`),
    );
  }
  return {
    id: randomUUID(),
    ...parsed.data,
    status: 'pending_confirmation',
    confirmToken: newWatchToken(),
    unsubscribeToken: newWatchToken(),
    createdAt: now.toISOString(),
    confirmedAt: null,
    unsubscribedAt: null,
  };
}

export function tokenMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Confirming twice is harmless (people click links twice); confirming after unsubscribing is refused. */
export function confirmWatch(watch: Watch, token: string, now: Date): Watch {
  if (!tokenMatches(watch.confirmToken, token)) throw new WatchTransitionError(watch.id, 'wrong_token');
  if (watch.status === 'unsubscribed') throw new WatchTransitionError(watch.id, 'unsubscribed');
  if (watch.status === 'confirmed') return watch;
  return { ...watch, status: 'confirmed', confirmedAt: now.toISOString() };
}

/** Works from any state, and twice: an unsubscribe link must always do what it says. */
export function unsubscribeWatch(watch: Watch, token: string, now: Date): Watch {
  if (!tokenMatches(watch.unsubscribeToken, token)) throw new WatchTransitionError(watch.id, 'wrong_token');
  if (watch.status === 'unsubscribed') return watch;
  return { ...watch, status: 'unsubscribed', unsubscribedAt: now.toISOString() };
}

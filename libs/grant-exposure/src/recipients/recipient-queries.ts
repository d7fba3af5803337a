import type { JurisdictionType } from '@detainer-watch/contracts';
import type { RecipientType } from '../ledger/ledger-row';

/**
 * How an award recipient's name is read when it is attributed to a place. One reading for every resolver (the
 * CLI's in-process gazetteer and the service's classifier look-up), so a recipient is attributed alike everywhere.
 */

/** Entity types a recipient of each type may resolve to; other recipient types are not gazetteer places. */
const FITS: Partial<Record<RecipientType, readonly JurisdictionType[]>> = {
  city: ['city', 'town'],
  town: ['town', 'city'],
  county: ['county'],
};
const TYPE_WORD: Partial<Record<RecipientType, string>> = { city: 'city', town: 'town', county: 'county' };

/** Whether an entity of `entityType` can be the recipient of type `type`; false for types that are not places. */
export function recipientFits(type: RecipientType, entityType: JurisdictionType): boolean {
  return FITS[type]?.includes(entityType) ?? false;
}

/** Whether recipients of this type can be looked up as places at all (state recipients are matched by code). */
export const isPlaceRecipient = (type: RecipientType): boolean => FITS[type] !== undefined;

/**
 * The names to ask for, best first: the recipient without what sources append (" - FY2016 Byrne JAG ...", a trailing
 * parenthesis, "(City)" read as the word), then "<name> <type>" ("City of New York" → "New York city", since the
 * former ends in a state name).
 */
export function recipientQueries(name: string, type: RecipientType): string[] {
  const bare = name
    .replace(/\s+-\s+.*$/, '')
    .replace(/\s*\((city|town|county)\)\s*$/i, ' $1')
    .replace(/\s*\([^()]*\)\s*$/, '')
    .trim();
  const typed = `${bare.replace(/^(city|town|village|county) of\s+/i, '')} ${TYPE_WORD[type] ?? ''}`.trim();
  return [...new Set([bare, typed])];
}

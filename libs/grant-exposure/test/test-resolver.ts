import type { RecipientType, ResolveRecipient } from '../src';

/**
 * A stand-in for the jurisdiction classifier, for tests: a state-government recipient is its state; a handful of
 * Connecticut cities resolve by name (Census place GEOIDs), with "City of", "Town of" and any parenthetical removed.
 */
const stateFips: Record<string, string> = { CT: '09', CA: '06', NY: '36', IL: '17' };
const places: Record<string, string> = {
  'CT|city|hartford': '0937000',
  'CT|city|new britain': '0950370',
  'CT|city|bridgeport': '0908000',
};

export const calls: string[] = [];

function bareName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/\s+-\s+.*$/, ' ')
    .replace(/^\s*(city|town|state) of\s+/, '')
    .replace(/\s+(city|town)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export const testResolver: ResolveRecipient = (name: string, state: string, type: RecipientType) => {
  calls.push(`${name}|${state}|${type}`);
  if (type === 'state')
    return stateFips[state] ? { id: `state:${stateFips[state]}`, fips: stateFips[state] } : null;
  const geoid = places[`${state}|${type}|${bareName(name)}`];
  return geoid ? { id: `place:${geoid}`, fips: geoid } : null;
};

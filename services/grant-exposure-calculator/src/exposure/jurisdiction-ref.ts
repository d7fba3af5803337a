/**
 * How GET /exposure names a jurisdiction: an entity id ("state:09", "place:0937000"), a Census FIPS/GEOID (2 digits a
 * state, 5 a county, 7 a place, 10 a county subdivision: the ids are built from them), or a name for the classifier.
 */
export type JurisdictionRef = { kind: 'id'; id: string } | { kind: 'name'; name: string };

const FIPS_KINDS: Record<number, string> = { 2: 'state', 5: 'county', 7: 'place', 10: 'cousub' };

export function parseJurisdictionRef(text: string): JurisdictionRef {
  const value = text.trim();
  if (/^[a-z]+:\S+$/.test(value)) return { kind: 'id', id: value };
  if (/^\d+$/.test(value)) {
    const kind = FIPS_KINDS[value.length];
    if (!kind) {
      throw new RangeError(
        `jurisdiction "${value}": a FIPS code has 2 (state), 5 (county), 7 (place) or 10 (county subdivision) digits`,
      );
    }
    return { kind: 'id', id: `${kind}:${value}` };
  }
  return { kind: 'name', name: value };
}

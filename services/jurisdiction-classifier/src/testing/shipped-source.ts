import {
  GazetteerFileLoader,
  type FacilityAlias,
  type Gazetteer,
  type GazetteerSource,
} from '@detainer-watch/jurisdictions';

let gazetteer: Gazetteer | undefined;
let aliases: FacilityAlias[] | undefined;

/**
 * The shipped snapshot, parsed once per test file (about 2 s). Each directory built on it gets a fresh copy of the
 * shipped aliases, as a restarted process would; the gazetteer itself is immutable and shared.
 */
export const shippedSource: GazetteerSource = {
  loadGazetteer() {
    gazetteer ??= new GazetteerFileLoader().loadGazetteer();
    return gazetteer;
  },
  loadFacilityAliases() {
    aliases ??= new GazetteerFileLoader().loadFacilityAliases();
    return aliases.map((a) => ({ ...a }));
  },
};

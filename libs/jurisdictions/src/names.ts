/**
 * Census names end in a legal/statistical area description ("Hartford city", "East Haven town", "Travis County").
 * The bare name is what people write, so the index keys both. Matching is case-sensitive on purpose: place LSADs are
 * lower case, so "Carson City" and "Iowa City city" keep the "City" that is part of the name.
 */
const PLACE_SUFFIXES = [
  ' consolidated government (balance)',
  ' metropolitan government (balance)',
  ' metro government (balance)',
  ' unified government (balance)',
  ' consolidated government',
  ' metropolitan government',
  ' metro government',
  ' unified government',
  ' city and borough',
  ' city (balance)',
  ' (balance)',
  ' urban county',
  ' charter township',
  ' municipality',
  ' township',
  ' borough',
  ' village',
  ' plantation',
  ' corporation',
  ' comunidad',
  ' zona urbana',
  ' city',
  ' town',
  ' CDP',
];

const COUNTY_SUFFIXES = [
  ' City and Borough',
  ' Census Area',
  ' Municipality',
  ' Municipio',
  ' Borough',
  ' County',
  ' Parish',
  ' Island',
  ' District',
  ' city',
];

function stripSuffix(name: string, suffixes: string[]): string {
  for (const s of suffixes) {
    if (name.endsWith(s) && name.length > s.length) return name.slice(0, -s.length).trim();
  }
  return name;
}

export function basePlaceName(name: string): string {
  return stripSuffix(name, PLACE_SUFFIXES);
}

export function baseCountyName(name: string): string {
  return stripSuffix(name, COUNTY_SUFFIXES);
}

/**
 * Other short forms of a consolidated government's name: "Nashville-Davidson metropolitan government (balance)" is
 * written "Nashville", "Louisville/Jefferson County metro government (balance)" is "Louisville", and the row
 * "Lynchburg, Moore County metropolitan government" is "Lynchburg".
 */
export function alternatePlaceNames(name: string): string[] {
  if (!/government|urban county/.test(name)) return [];
  const base = basePlaceName(name);
  const first = base.split(/[-/,]/)[0].trim();
  return first && first !== base ? [first] : [];
}

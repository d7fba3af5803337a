/**
 * ICE ERO field office (area of responsibility) for a place, as printed in brackets in Section III. By state, with the
 * states that several field offices share split by county.
 */
const BY_STATE: Record<string, string> = {
  GA: 'Atlanta',
  NC: 'Atlanta',
  SC: 'Atlanta',
  MD: 'Baltimore',
  MA: 'Boston',
  CT: 'Boston',
  ME: 'Boston',
  NH: 'Boston',
  RI: 'Boston',
  VT: 'Boston',
  IL: 'Chicago',
  IN: 'Chicago',
  WI: 'Chicago',
  MO: 'Chicago',
  KY: 'Chicago',
  KS: 'Chicago',
  OK: 'Dallas',
  CO: 'Denver',
  WY: 'Denver',
  MI: 'Detroit',
  OH: 'Detroit',
  NM: 'El Paso',
  FL: 'Miami',
  LA: 'New Orleans',
  MS: 'New Orleans',
  AL: 'New Orleans',
  AR: 'New Orleans',
  TN: 'New Orleans',
  NJ: 'Newark',
  PA: 'Philadelphia',
  DE: 'Philadelphia',
  WV: 'Philadelphia',
  AZ: 'Phoenix',
  UT: 'Salt Lake City',
  ID: 'Salt Lake City',
  MT: 'Salt Lake City',
  NV: 'Salt Lake City',
  HI: 'San Francisco',
  GU: 'San Francisco',
  WA: 'Seattle',
  OR: 'Seattle',
  AK: 'Seattle',
  MN: 'Saint Paul',
  IA: 'Saint Paul',
  NE: 'Saint Paul',
  ND: 'Saint Paul',
  SD: 'Saint Paul',
  VA: 'Washington',
  DC: 'Washington',
  PR: 'Miami',
  VI: 'Miami',
};

const LOS_ANGELES = [
  'Los Angeles',
  'Orange',
  'Riverside',
  'San Bernardino',
  'Ventura',
  'Santa Barbara',
  'San Luis Obispo',
];
const SAN_DIEGO = ['San Diego', 'Imperial'];
const NEW_YORK_CITY = [
  'New York',
  'Kings',
  'Queens',
  'Bronx',
  'Richmond',
  'Nassau',
  'Suffolk',
  'Westchester',
  'Rockland',
  'Putnam',
  'Orange',
  'Dutchess',
  'Sullivan',
  'Ulster',
];
const DALLAS = ['Dallas', 'Tarrant', 'Collin', 'Denton', 'Lubbock', 'Potter', 'Randall', 'Wichita'];
const HOUSTON = ['Harris', 'Fort Bend', 'Montgomery', 'Galveston', 'Brazoria', 'Jefferson'];
const EL_PASO = ['El Paso', 'Hudspeth', 'Culberson', 'Presidio'];

/** `place` is a county or city name without the state ("Travis County", "Iowa City"). */
export function areaOfResponsibility(state: string, place: string): string | null {
  const base = place.replace(/\s+(County|City|Parish)$/i, '').trim();
  const among = (list: string[]): boolean => list.some((n) => n.toLowerCase() === base.toLowerCase());
  switch (state) {
    case 'CA':
      return among(LOS_ANGELES) ? 'Los Angeles' : among(SAN_DIEGO) ? 'San Diego' : 'San Francisco';
    case 'NY':
      return among(NEW_YORK_CITY) ? 'New York' : 'Buffalo';
    case 'TX':
      return among(DALLAS)
        ? 'Dallas'
        : among(HOUSTON)
          ? 'Houston'
          : among(EL_PASO)
            ? 'El Paso'
            : 'San Antonio';
    default:
      return BY_STATE[state] ?? null;
  }
}

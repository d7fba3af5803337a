import type { FieldSpec } from '../layout/columns';

export type HighestVolumeField = 'jurisdiction' | 'state' | 'detainersIssued';
export type DeclinedField =
  | 'state'
  | 'county'
  | 'facility'
  | 'citizenship'
  | 'notableCriminalActivity'
  | 'detainerIssued'
  | 'detainerDeclined';
export type PolicyField = 'jurisdiction' | 'dateEnacted' | 'policy' | 'criteria';

const DATE_WORDS = ['detainer', 'detainers', 'date', 'of'];

export const HIGHEST_VOLUME_SPECS: readonly FieldSpec<HighestVolumeField>[] = [
  { field: 'state', anyOf: ['state'], allowed: ['state'] },
  {
    field: 'detainersIssued',
    anyOf: ['detainers', 'issued'],
    allowed: ['number', 'of', 'detainers', 'issued', 'total', 'count'],
  },
  {
    field: 'jurisdiction',
    anyOf: ['jurisdiction', 'county', 'facility'],
    allowed: ['jurisdiction', 'county', 'facility', 'name'],
  },
];

export const DECLINED_SPECS: readonly FieldSpec<DeclinedField>[] = [
  { field: 'state', anyOf: ['state'], allowed: ['state'] },
  { field: 'county', anyOf: ['county'], allowed: ['county', 'name'] },
  {
    field: 'facility',
    anyOf: ['facility', 'jurisdiction'],
    allowed: ['jurisdiction', 'facility', 'name', 'detention'],
  },
  {
    field: 'citizenship',
    anyOf: ['citizenship', 'nationality'],
    allowed: ['country', 'of', 'citizenship', 'nationality'],
  },
  {
    field: 'notableCriminalActivity',
    anyOf: ['criminal', 'activity', 'charges', 'charge'],
    allowed: ['notable', 'criminal', 'activity', 'charges', 'charge', 'offenses'],
  },
  { field: 'detainerIssued', anyOf: ['issued'], allowed: ['issued', ...DATE_WORDS] },
  { field: 'detainerDeclined', anyOf: ['declined'], allowed: ['declined', ...DATE_WORDS] },
];

export const POLICY_SPECS: readonly FieldSpec<PolicyField>[] = [
  { field: 'jurisdiction', anyOf: ['jurisdiction'], allowed: ['jurisdiction', 'aor'] },
  { field: 'dateEnacted', anyOf: ['enacted'], allowed: ['date', 'enacted'] },
  { field: 'policy', anyOf: ['policy'], allowed: ['policy'] },
  {
    field: 'criteria',
    anyOf: ['criteria'],
    allowed: ['criteria', 'for', 'honoring', 'honouring', 'detainer', 'detainers'],
  },
];

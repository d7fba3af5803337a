import { z } from 'zod';
import { UspsCode } from './common';

export const JurisdictionType = z.enum(['state', 'county', 'city', 'town', 'facility']);

/**
 * A canonical place. Ids are opaque strings built from Census codes where one exists (e.g. "county:09003",
 * "place:0937000", "cousub:0900337070", "state:09"); facilities get "facility:<state>:<slug>" and point at the
 * jurisdiction that runs them through `parentId`.
 */
export const JurisdictionEntity = z.object({
  id: z.string().min(1),
  name: z.string().describe('official name, e.g. "Hartford city" or "Travis County"'),
  type: JurisdictionType,
  state: UspsCode,
  fips: z
    .string()
    .regex(/^\d{2,10}$/)
    .nullable()
    .describe('Census FIPS/GEOID: 2 digits state, 5 county, 7 place, 10 county subdivision'),
  parentId: z
    .string()
    .nullable()
    .describe('the enclosing jurisdiction (county of a town, state of a county, operator of a facility)'),
});

export const ResolutionCandidate = JurisdictionEntity.extend({ confidence: z.number().min(0).max(1) });

export const PolicyCategory = z.enum([
  'declines_all_detainers',
  'honors_only_with_judicial_warrant',
  'honors_only_serious_or_violent_crimes',
  'limits_release_notification',
  'limits_information_sharing',
  'no_immigration_status_inquiry',
  'limits_ice_jail_access',
  'honors_only_with_reimbursement',
]);

export const CategoryMatch = z.object({
  category: PolicyCategory,
  phrases: z
    .array(z.string())
    .min(1)
    .describe('the text that triggered the category, quoted from the report'),
});

export type JurisdictionType = z.infer<typeof JurisdictionType>;
export type JurisdictionEntity = z.infer<typeof JurisdictionEntity>;
export type ResolutionCandidate = z.infer<typeof ResolutionCandidate>;
export type PolicyCategory = z.infer<typeof PolicyCategory>;
export type CategoryMatch = z.infer<typeof CategoryMatch>;

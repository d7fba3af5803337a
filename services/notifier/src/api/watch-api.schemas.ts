import { z } from 'zod';
import { JurisdictionEntity, ResolutionCandidate } from '@detainer-watch/contracts';
import { hasControlChars } from '../text/header-safety';
import { EmailAddress, WatchStatus } from '../watches/watch';

/** POST /watches */
export const CreateWatchBody = z
  .object({
    email: EmailAddress.describe(
      'one bare address, e.g. editor@example.org; no display name, no second address',
    ),
    jurisdiction: z
      .string()
      .min(1)
      .max(300)
      .refine((s) => !hasControlChars(s), 'must not contain line breaks or other control characters')
      .describe(
        'a name ("Hartford, CT", "Travis County, Texas"), an entity id ("place:0937000") or a FIPS code',
      ),
    state: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a USPS state code such as CT')
      .optional()
      .describe('USPS code of the state, when the name does not say'),
    includeChildren: z
      .boolean()
      .optional()
      .describe('also alert for the counties, towns, cities and facilities inside the jurisdiction'),
  })
  .strict();
export type CreateWatchBody = z.infer<typeof CreateWatchBody>;

export const ListWatchesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const WatchIdParam = z.uuid('a watch id is a UUID');
export const TokenQuery = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a token is 43 base64url characters'),
});

/** A watch as the management API shows it: never its tokens (those only travel in emails to the address). */
export const WatchView = z.object({
  id: z.uuid(),
  email: z.string(),
  jurisdiction: JurisdictionEntity.omit({ parentId: true }),
  includeChildren: z.boolean(),
  status: WatchStatus,
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
  confirmation: z.object({
    status: z.enum(['not_needed', 'pending', 'sent', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    error: z.string().nullable(),
  }),
});
export type WatchView = z.infer<typeof WatchView>;

export const WatchList = z.object({
  watches: z.array(WatchView),
  total: z.number().int(),
  limit: z.number(),
  offset: z.number(),
});

export const Unresolved = z.object({
  error: z.literal('jurisdiction_not_resolved'),
  message: z.string(),
  query: z.string(),
  reason: z.string(),
  candidates: z.array(ResolutionCandidate).describe('pick one and send its id as `jurisdiction`'),
});

export const ValidationProblem = z.object({
  error: z.literal('invalid_request'),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});

/** JSON Schema for the OpenAPI document, from the same zod schemas that validate. */
export const jsonSchemaOf = (schema: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

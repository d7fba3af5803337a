import { z } from 'zod';
import { ResolutionCandidate } from './jurisdiction';

/** Request on RpcSubjects.ResolveJurisdiction: a raw name ("Hartford, CT"), an entity id or a FIPS code. */
export const ResolveRequest = z.object({
  q: z.string().min(1).max(300),
  state: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .describe('restrict to one state when the name does not say'),
});

/** Reply: `resolved` only when the name designates one entity with confidence; otherwise the candidates. */
export const ResolveReply = z.object({
  q: z.string(),
  resolved: ResolutionCandidate.nullable(),
  candidates: z.array(ResolutionCandidate),
  reason: z.string().nullable().describe('why nothing was resolved: unknown name, ambiguous, ...'),
});

export type ResolveRequest = z.infer<typeof ResolveRequest>;
export type ResolveReply = z.infer<typeof ResolveReply>;

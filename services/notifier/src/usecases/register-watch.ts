import type { ResolutionCandidate } from '@detainer-watch/contracts';
import { type JurisdictionLookup, watchableResolution } from '../jurisdiction/jurisdiction-lookup';
import { type Watch, confirmWatch, createWatch } from '../watches/watch';
import type { ConfirmationState } from '../watches/watch.repository';
import { type SendConfirmationDeps, sendConfirmation } from './send-confirmation';

export interface RegisterWatchInput {
  email: string;
  /** a name ("Hartford, CT"), an entity id ("place:0937000") or a FIPS code ("0937000") */
  jurisdiction: string;
  /** USPS code, when the name does not say */
  state?: string;
  includeChildren?: boolean;
}

export interface RegisterWatchDeps extends SendConfirmationDeps {
  lookup: JurisdictionLookup;
  requireConfirmation: boolean;
}

/** The name does not designate one jurisdiction with confidence; the candidates let the user pick one (by id). */
export class JurisdictionNotResolvedError extends Error {
  constructor(
    readonly query: string,
    readonly reason: string,
    readonly candidates: ResolutionCandidate[],
  ) {
    super(`jurisdiction "${query}" could not be resolved: ${reason}`);
    this.name = 'JurisdictionNotResolvedError';
  }
}

/**
 * Resolves the jurisdiction, stores a new watch and sends its confirmation email (or confirms it at once when
 * confirmation is switched off). The watch is stored before the email goes out, so a failed send is retried by the
 * sweep instead of being lost; the returned confirmation state says how the first attempt went.
 */
export async function registerWatch(
  input: RegisterWatchInput,
  deps: RegisterWatchDeps,
): Promise<{ watch: Watch; confirmation: ConfirmationState }> {
  const now = (deps.now ?? (() => new Date()))();
  const resolution = watchableResolution(
    await deps.lookup.resolve({ q: input.jurisdiction, ...(input.state ? { state: input.state } : {}) }),
  );
  if (!resolution.ok) {
    throw new JurisdictionNotResolvedError(input.jurisdiction, resolution.reason, resolution.candidates);
  }
  const { id, name, type, state, fips } = resolution.jurisdiction;
  const pending = createWatch(
    {
      email: input.email,
      jurisdiction: { id, name, type, state, fips },
      includeChildren: input.includeChildren,
    },
    now,
  );
  if (!deps.requireConfirmation) {
    const watch = confirmWatch(pending, pending.confirmToken, now);
    await deps.watches.save(watch);
    const confirmation: ConfirmationState = { status: 'not_needed', attempts: 0, nextAt: null, error: null };
    await deps.watches.setConfirmation(watch.id, confirmation);
    return { watch, confirmation };
  }
  await deps.watches.save(pending);
  await deps.watches.setConfirmation(pending.id, {
    status: 'pending',
    attempts: 0,
    nextAt: now,
    error: null,
  });
  const confirmation = (await sendConfirmation(pending.id, deps))!;
  return { watch: pending, confirmation };
}

import type {
  Exposure,
  GrantProgram,
  JurisdictionEntity,
  ResolutionCandidate,
} from '@detainer-watch/contracts';
import type { ExposureEstimator } from '../../exposure/exposure-estimator';
import { parseJurisdictionRef } from '../../exposure/jurisdiction-ref';
import type { ClassifierClient } from '../../resolution/classifier.client';

export interface GetExposureRequest {
  /** entity id, FIPS code or name */
  jurisdiction: string;
  fiscalYears: readonly number[];
  programs: readonly GrantProgram[];
  clawbackYears: number;
}

export interface ExposureAnswer {
  jurisdiction: { query: string; id: string; entity: JurisdictionEntity | null };
  exposure: Exposure;
}

/** A name the classifier could not resolve to one jurisdiction; carries its candidates. */
export class JurisdictionNotResolved extends Error {
  constructor(
    readonly query: string,
    readonly reason: string | null,
    readonly candidates: ResolutionCandidate[],
  ) {
    super(`jurisdiction "${query}" could not be resolved: ${reason ?? 'no single match'}`);
    this.name = 'JurisdictionNotResolved';
  }
}

/** One jurisdiction's estimate on demand; a name is resolved by the classifier first (ids and FIPS codes are not). */
export class GetExposure {
  constructor(
    private readonly estimator: ExposureEstimator,
    private readonly classifier: ClassifierClient,
  ) {}

  async execute(request: GetExposureRequest): Promise<ExposureAnswer> {
    const ref = parseJurisdictionRef(request.jurisdiction);
    let id: string;
    let entity: JurisdictionEntity | null = null;
    if (ref.kind === 'id') id = ref.id;
    else {
      const reply = await this.classifier.resolve({ q: ref.name });
      if (!reply.resolved) throw new JurisdictionNotResolved(ref.name, reply.reason, reply.candidates);
      const { confidence: _confidence, ...resolved } = reply.resolved;
      entity = resolved;
      id = resolved.id;
    }
    const [exposure] = await this.estimator.estimate([{ id }], request);
    return { jurisdiction: { query: request.jurisdiction, id, entity }, exposure };
  }
}

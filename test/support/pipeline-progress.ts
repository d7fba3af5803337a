import type { CollectedEvent, EventCollector } from './event-collector';

export interface PipelineWait {
  timeoutMs: number;
  /** Printed when a wait times out (e.g. the services' log tails). */
  context?: () => string;
  /** The detainer.declined events to count; default all collected (a test with injected messages narrows it). */
  declined?: () => CollectedEvent[];
}

const distinct = (list: CollectedEvent[]) => new Set(list.map((e) => e.envelope.id)).size;

/** The jurisdiction an event is about: `entity` on jurisdiction.classified, `classification.entity` on estimates. */
export function entityIdOf(e: CollectedEvent): string {
  const d = e.envelope.data as { entity?: { id: string }; classification?: { entity: { id: string } } };
  return (d.entity ?? d.classification!.entity).id;
}

/**
 * Waits until `rows` distinct detainer.declined events are out and each report has every jurisdiction it names
 * classified and estimated (the count comes from the events' own `position.total`). Returns each report's classified
 * jurisdiction ids, from which a test works out which watches must be mailed.
 */
export async function waitThroughPipeline(
  events: EventCollector,
  reportIds: string[],
  rows: number,
  opts: PipelineWait,
): Promise<Map<string, Set<string>>> {
  const { timeoutMs, context } = opts;
  const declined = opts.declined ?? (() => events.of('detainer.declined'));
  await events.waitFor('detainer.declined', () => distinct(declined()) >= rows, {
    timeoutMs,
    message: `${rows} distinct detainer.declined`,
    context,
  });
  const jurisdictions = new Map<string, Set<string>>();
  for (const reportId of reportIds) {
    const first = await events.waitFor('jurisdiction.classified', (e) => e.length >= 1, {
      timeoutMs,
      reportId,
      message: `first jurisdiction.classified of ${reportId}`,
      context,
    });
    const total = (first[0]!.envelope.data.position as { total: number }).total;
    const classified = await events.waitFor('jurisdiction.classified', (e) => distinct(e) >= total, {
      timeoutMs,
      reportId,
      message: `${total} jurisdiction.classified of ${reportId}`,
      context,
    });
    await events.waitFor('grant.exposure.estimated', (e) => distinct(e) >= total, {
      timeoutMs,
      reportId,
      message: `${total} grant.exposure.estimated of ${reportId}`,
      context,
    });
    jurisdictions.set(reportId, new Set(classified.map(entityIdOf)));
  }
  return jurisdictions;
}

/** The reports among `jurisdictions` that name `jurisdictionId`: those a watch on it must be mailed about. */
export const reportsNaming = (jurisdictions: Map<string, Set<string>>, jurisdictionId: string): string[] =>
  [...jurisdictions].filter(([, ids]) => ids.has(jurisdictionId)).map(([reportId]) => reportId);

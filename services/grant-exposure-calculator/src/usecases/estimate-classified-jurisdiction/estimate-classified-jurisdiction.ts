import type { DataSource } from 'typeorm';
import { createEvent, Subjects, type EventOf, type GrantProgram } from '@detainer-watch/contracts';
import { Inbox, type Outbox } from '@detainer-watch/persistence';
import type { Logger } from '@detainer-watch/logging';
import type { ExposureEstimator } from '../../exposure/exposure-estimator';
import type { ExposureEstimateRepository } from '../../exposure/exposure-estimate.repository';
import { reportFiscalYears } from '@detainer-watch/grant-exposure';

export const SERVICE_NAME = 'grant-exposure-calculator';
/** Inbox consumer name of the jurisdiction.classified handler. */
export const CLASSIFIED_CONSUMER = `${SERVICE_NAME}:${Subjects.JurisdictionClassified}`;

export interface ClassifiedEstimateSettings {
  programs: readonly GrantProgram[];
  /** Fixed fiscal years; default those of the report's period. */
  fiscalYears?: readonly number[];
  clawbackYears: number;
}

/** The id of the estimate for one jurisdiction of one report: the same classification always gives the same event. */
export const exposureEventId = (reportId: string, entityId: string): string =>
  `${reportId}:${entityId}:exposure`;

export type ClassifiedOutcome =
  { duplicate: true } | { duplicate: false; eventId: string; enqueued: boolean };

/**
 * Estimates the money at risk for one classified jurisdiction, then stores the estimate, records the event in the
 * inbox and enqueues grant.exposure.estimated in one transaction, so a redelivery changes and sends nothing.
 */
export class EstimateClassifiedJurisdiction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly estimator: ExposureEstimator,
    private readonly estimates: ExposureEstimateRepository,
    private readonly settings: ClassifiedEstimateSettings,
    private readonly logger: Logger,
  ) {}

  async execute(event: EventOf<typeof Subjects.JurisdictionClassified>): Promise<ClassifiedOutcome> {
    const { schemaVersion: _version, ...classification } = event.data;
    const { entity, report } = classification;
    const fiscalYears = this.settings.fiscalYears ?? reportFiscalYears(report.period);
    // Read and computed before the transaction, which then holds its locks only for the writes.
    const [exposure] = await this.estimator.estimate([{ id: entity.id }], {
      programs: this.settings.programs,
      fiscalYears,
      clawbackYears: this.settings.clawbackYears,
    });
    const eventId = exposureEventId(report.reportId, entity.id);
    const outgoing = createEvent(Subjects.GrantExposureEstimated, {
      id: eventId,
      source: SERVICE_NAME,
      reportId: report.reportId,
      subject: entity.id,
      data: { schemaVersion: 1, classification, exposure },
    });
    const result = await Inbox.processOnce(
      this.dataSource,
      CLASSIFIED_CONSUMER,
      event.id,
      async (manager) => {
        await this.estimates.save(manager, {
          reportId: report.reportId,
          jurisdictionId: entity.id,
          eventId,
          entity,
          declinedCount: classification.declinedCount,
          policyListed: classification.policies.length > 0,
          exposure,
        });
        return this.outbox.enqueue(manager, Subjects.GrantExposureEstimated, outgoing);
      },
    );
    if (result.duplicate) {
      this.logger.info(
        { jurisdictionId: entity.id },
        'jurisdiction.classified already processed; nothing to do',
      );
      return { duplicate: true };
    }
    this.logger.info(
      {
        jurisdictionId: entity.id,
        outgoingEventId: eventId,
        totalCents: exposure.totalCents,
        totalStatus: exposure.totalStatus,
      },
      'exposure estimated',
    );
    return { duplicate: false, eventId, enqueued: result.value };
  }
}

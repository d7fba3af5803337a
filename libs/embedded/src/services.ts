import type { DynamicModule, Type } from '@nestjs/common';
import { z } from 'zod';
import { natsEnv } from '@detainer-watch/config';
import type { MigrationClass } from '@detainer-watch/persistence';
import * as reportFetcher from '@detainer-watch/report-fetcher';
import * as pdfExtractor from '@detainer-watch/pdf-extractor';
import * as jurisdictionClassifier from '@detainer-watch/jurisdiction-classifier';
import * as grantExposureCalculator from '@detainer-watch/grant-exposure-calculator';
import * as notifier from '@detainer-watch/notifier';

/** What each service package exports from its index (the convention main.ts boots with bootstrapService). */
export interface ServiceDefinition {
  name: string;
  appModule: Type<unknown> | DynamicModule;
  configSchema: z.ZodObject;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities?: Function[];
  migrations?: MigrationClass[];
}

export type ServiceName =
  'report-fetcher' | 'pdf-extractor' | 'jurisdiction-classifier' | 'grant-exposure-calculator' | 'notifier';

export interface EmbeddedService {
  name: ServiceName;
  /** Its schema in the embedded database. */
  schema: string;
  /** Port offset from --port-base. */
  offset: number;
  module: Record<string, unknown>;
}

/** The five services in pipeline order (start order; they stop in reverse). Ports are port-base + offset. */
export const EMBEDDED_SERVICES: readonly EmbeddedService[] = [
  { name: 'report-fetcher', schema: 'report_fetcher', offset: 0, module: reportFetcher },
  { name: 'pdf-extractor', schema: 'pdf_extractor', offset: 1, module: pdfExtractor },
  {
    name: 'jurisdiction-classifier',
    schema: 'jurisdiction_classifier',
    offset: 2,
    module: jurisdictionClassifier,
  },
  {
    name: 'grant-exposure-calculator',
    schema: 'grant_exposure_calculator',
    offset: 3,
    module: grantExposureCalculator,
  },
  { name: 'notifier', schema: 'notifier', offset: 4, module: notifier },
];

export class ServiceNotWiredError extends Error {
  constructor(readonly service: ServiceName) {
    super(
      `@detainer-watch/${service} exports no service definition yet (an object with name '${service}', appModule ` +
        'and configSchema, as its main.ts passes to bootstrapService)',
    );
    this.name = 'ServiceNotWiredError';
  }
}

/**
 * The service's definition: the export of its package whose `name` is the service's name and that has an
 * `appModule` and a `configSchema`. Looked up by shape rather than by export name, so each package keeps its own.
 */
export function definitionOf(service: EmbeddedService): ServiceDefinition {
  for (const value of Object.values(service.module)) {
    if (
      typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === service.name &&
      'appModule' in value &&
      (value as { configSchema?: unknown }).configSchema instanceof z.ZodObject
    )
      return value as ServiceDefinition;
  }
  throw new ServiceNotWiredError(service.name);
}

const NATS_KEYS = new Set(Object.keys(natsEnv.shape));

/**
 * The service's variables without NATS_*: in-process, the bus is injected and there is no server to name. Built
 * from the shape (as service-kit itself extends it), so object-level refinements are not carried over here either.
 */
export function withoutNats(schema: z.ZodObject): z.ZodObject {
  return z.object(Object.fromEntries(Object.entries(schema.shape).filter(([k]) => !NATS_KEYS.has(k))));
}

import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

/** The five services in pipeline order (the order they are started and, reversed, stopped). */
export const SERVICE_NAMES = [
  'report-fetcher',
  'pdf-extractor',
  'jurisdiction-classifier',
  'grant-exposure-calculator',
  'notifier',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Suffix of each service's schema in a run (`<runId>_<suffix>`), like the production schema names. */
export const SCHEMA_SUFFIX: Record<ServiceName, string> = {
  'report-fetcher': 'report_fetcher',
  'pdf-extractor': 'pdf_extractor',
  'jurisdiction-classifier': 'jurisdiction_classifier',
  'grant-exposure-calculator': 'grant_exposure_calculator',
  notifier: 'notifier',
};

/** The production entrypoint, exactly as the Dockerfile and `npm start` run it. */
export const entrypointOf = (name: ServiceName): string =>
  join(repoRoot, 'services', name, 'dist', 'main.js');

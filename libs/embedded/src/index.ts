export { startEmbedded, type EmbeddedOptions, type EmbeddedRuntime } from './runner';
export { formatProgress, ProgressReporter, type ProgressLine } from './progress';
export { EMBEDDED_SERVICES, ServiceNotWiredError, type ServiceName } from './services';
export { WatchRejectedError, type WatchOutcome, type WatchRequest } from './watches';
export { startEmbeddedDatabase, type RunningDatabase } from './embedded-database';
export { freePort } from './free-port';

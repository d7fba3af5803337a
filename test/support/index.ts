// Cross-service test harness: the five services as separate processes, and the world around them (an index page
// with DDOR PDFs, an SMTP server, an independent NATS subscriber). Used by test/e2e, test/bad-input and the fault,
// scale and benchmark tests.
export * from './build';
export * from './ddor-site';
export * from './event-collector';
export * from './free-port';
export * from './http';
export * from './pipeline-progress';
export * from './services';
export * from './smtp-sink';
export * from './stack';
// The bounded waits are shared with the services' and libraries' integration tests.
export {
  sleep,
  waitFor,
  within,
  WaitAborted,
  WaitTimeoutError,
  type WaitOptions,
} from '@detainer-watch/testing';

export * from './infra';
export * from './run-id';
export * from './schema';
export * from './nats';
export * from './wait';
export * from './service-env';

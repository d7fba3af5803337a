export * from './infra';
export * from './run-id';
export * from './schema';
export * from './nats';

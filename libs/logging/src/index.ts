export * from './event-context';
export * from './create-logger';
export * from './nest-logger';

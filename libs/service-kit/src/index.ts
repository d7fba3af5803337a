export * from './tokens';
export * from './metrics/service-metrics';
export * from './platform.module';
export * from './shutdown';
export { EventContextInterceptor } from './nest/event-context.interceptor';
export * from './bootstrap';

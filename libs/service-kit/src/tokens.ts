/**
 * Injection tokens of what the kit provides to every service module (through the global PlatformModule):
 * `constructor(@Inject(BUS) private readonly bus: MessageBus)`. Explicit tokens, because the messaging and
 * persistence types are interfaces and because tsx/esbuild builds emit no constructor type metadata.
 */
export const APP_CONFIG = Symbol('detainer-watch:app-config');
export const LOGGER = Symbol('detainer-watch:logger');
export const DATA_SOURCE = Symbol('detainer-watch:data-source');
export const BUS = Symbol('detainer-watch:bus');
export const OUTBOX = Symbol('detainer-watch:outbox');
export const METRICS = Symbol('detainer-watch:metrics');
export const SERVICE_NAME = Symbol('detainer-watch:service-name');

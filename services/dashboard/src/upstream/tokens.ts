export type { UpstreamClient, UpstreamResponse } from './upstream.client';
/** Injection token of the UpstreamClient the BFF controllers use. */
export const UPSTREAM = Symbol('dashboard:upstream');

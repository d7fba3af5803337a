// The embedded runner's helper: the harness picks service ports the same way.
export { freePort } from '@detainer-watch/embedded';

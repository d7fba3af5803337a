import type { MsgHdrs } from 'nats';

/** Message headers as a plain record (for dead letters and logs). */
export function headersToRecord(h: MsgHdrs | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!h) return out;
  for (const [k, v] of h) out[k] = [...v];
  return out;
}

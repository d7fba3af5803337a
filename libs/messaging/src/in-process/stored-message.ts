/** A published event as the in-process bus keeps it: bytes, like on the wire, so consumers validate the same way. */
export interface StoredMessage {
  seq: number;
  subject: string;
  body: Uint8Array;
  headers: Record<string, string[]>;
}

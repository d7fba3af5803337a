import { Client } from 'pg';
import type { Logger } from '@detainer-watch/logging';
import { quoteIdent } from '../sql';

/** Calls back when Postgres delivers a NOTIFY on a channel. Best effort: the relay also polls. */
export interface NotificationListener {
  listen(channel: string, onNotify: () => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTEN on a dedicated connection (a pooled one would be handed to other queries). When the connection drops it
 * reconnects with a delay; notifications sent meanwhile are lost, which the relay's poll covers.
 */
export class PgNotificationListener implements NotificationListener {
  private client: Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly log: Logger,
    private readonly reconnectDelayMs = 2000,
  ) {}

  /** Resolves once listening, or once a retry is scheduled when Postgres is unreachable: the poll covers that. */
  async listen(channel: string, onNotify: () => void): Promise<void> {
    const client = new Client({ connectionString: this.connectionString });
    client.on('notification', (msg) => {
      if (msg.channel === channel) onNotify();
    });
    client.on('error', (err) => this.reconnect(channel, onNotify, err));
    client.on('end', () => this.reconnect(channel, onNotify, new Error('connection ended')));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (err) {
      this.reconnect(channel, onNotify, err as Error);
      return;
    }
    // Woken notifications may have been missed while (re)connecting.
    onNotify();
    if (this.closed) await this.close();
  }

  private reconnect(channel: string, onNotify: () => void, err: Error): void {
    if (this.closed || this.reconnectTimer) return;
    this.log.warn({ err, channel }, 'outbox LISTEN connection lost; polling until it is back');
    const old = this.client;
    this.client = null;
    if (old) {
      old.removeAllListeners('end');
      old.removeAllListeners('error');
      old.on('error', () => undefined);
      old.end().catch(() => undefined);
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen(channel, onNotify);
    }, this.reconnectDelayMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.removeAllListeners('end');
    client.removeAllListeners('error');
    // A late socket error after end() must not crash the process for want of a listener.
    client.on('error', () => undefined);
    await client.end().catch(() => undefined);
  }
}

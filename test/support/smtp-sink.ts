import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from '@detainer-watch/testing';

export interface ReceivedMail {
  /** SMTP envelope: MAIL FROM and RCPT TO. */
  from: string;
  to: string[];
  /** The raw message as received (headers as sent, for header-injection checks). */
  raw: string;
  parsed: ParsedMail;
  receivedAt: Date;
}

/** An SMTP reply the sink gives to DATA instead of accepting, to simulate an outage or a refusal. */
export interface SmtpFailure {
  code: number;
  message: string;
}

/**
 * A real SMTP server on 127.0.0.1 (no TLS, no auth) that parses and keeps every message it accepts. It can be told
 * to refuse messages with a given reply (`failWith`), for retry tests.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** Messages refused through `failWith`, by envelope. */
  readonly refused: { to: string[]; code: number }[] = [];
  private failure: SmtpFailure | null = null;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Large enough for any alert; the default is unlimited, which hides nothing we check.
      size: 25 * 1024 * 1024,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', callback);
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          const failure = sink!.failure;
          if (failure) {
            sink!.refused.push({ to, code: failure.code });
            const err = Object.assign(new Error(failure.message), { responseCode: failure.code });
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
              sink!.messages.push({ from, to, raw, parsed, receivedAt: new Date() });
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.server.address() as AddressInfo).port;
    sink = new SmtpSink(server, port);
    return sink;
  }

  get host(): string {
    return '127.0.0.1';
  }

  /** Refuse every following message with this reply (e.g. 451 temporary, 550 permanent); null to accept again. */
  failWith(failure: SmtpFailure | null): void {
    this.failure = failure;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase()));
  }

  /** Waits until at least `count` messages (optionally: to `address`) have arrived; returns them. */
  waitForMessages(
    count: number,
    opts: { timeoutMs: number; to?: string; context?: () => string },
  ): Promise<ReceivedMail[]> {
    const pick = () => (opts.to ? this.to(opts.to) : this.messages);
    return waitFor(() => pick().length >= count && pick(), {
      timeoutMs: opts.timeoutMs,
      message: `${count} email(s)${opts.to ? ` to ${opts.to}` : ''}`,
      context: () => `emails received so far: ${pick().length}\n${opts.context?.() ?? ''}`,
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

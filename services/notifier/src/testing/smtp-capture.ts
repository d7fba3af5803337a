import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A refusal the capture server sends instead of accepting: e.g. { code: 421, message: 'try again later' }. */
export interface Refusal {
  code: number;
  message: string;
}

export interface CapturedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
  /** null when the capture was started with parse: false */
  parsed: ParsedMail | null;
}

export interface SmtpCaptureOptions {
  /** called for each RCPT TO with the number of RCPT TO commands seen so far (1-based); a Refusal rejects it */
  onRecipient?: (count: number, address: string) => Refusal | null;
  /** parse every message with mailparser (off for the benchmark) */
  parse?: boolean;
}

/**
 * A real SMTP server (smtp-server) on a random loopback port that keeps what it receives, for tests and benchmarks
 * of the senders. No TLS, no auth: the client is configured with startTls "never".
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  recipientCommands = 0;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
    let capture: SmtpCapture | null = null;
    const parse = options.parse ?? true;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        const count = ++capture!.recipientCommands;
        const refusal = options.onRecipient?.(count, address.address) ?? null;
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', callback);
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const keep = (parsed: ParsedMail | null): void => {
            capture!.messages.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            callback();
          };
          if (!parse) return keep(null);
          simpleParser(raw).then(keep, callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.server.address() as AddressInfo;
    capture = new SmtpCapture(server, port);
    return capture;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on which nothing listens (bound, then released), for connection-refused tests. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

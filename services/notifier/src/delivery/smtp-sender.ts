import nodemailer from 'nodemailer';
import type { SmtpConfig, RetryPolicy } from '../config/mail.config';
import type { DeliveryResult, MailSender, OutgoingEmail, SenderLogger } from './mail-sender';
import { backoffDelayMs, classifyFailure, redactAddresses } from './retry-policy';

export interface SmtpSenderOptions {
  smtp: SmtpConfig;
  from: string;
  fromName: string;
  retry: RetryPolicy;
  logger?: SenderLogger;
  /** for tests that must not wait out real backoff; defaults to setTimeout */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends over SMTP through a connection pool (several messages over few connections, the costly part being the
 * handshake), retrying temporary failures with backoff. The pool's own requeueing is switched off so that every
 * attempt goes through the retry policy and is counted.
 */
export class SmtpSender implements MailSender {
  private readonly transport;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: SmtpSenderOptions) {
    const { smtp } = options;
    this.transport = nodemailer.createTransport({
      pool: true,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: !smtp.secure && smtp.startTls === 'required',
      ignoreTLS: !smtp.secure && smtp.startTls === 'never',
      auth: smtp.auth ?? undefined,
      maxConnections: smtp.maxConnections,
      maxMessages: 100,
      maxRequeues: 0,
      connectionTimeout: smtp.timeoutMs,
      greetingTimeout: smtp.timeoutMs,
      socketTimeout: smtp.timeoutMs,
    });
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  async send(mail: OutgoingEmail): Promise<DeliveryResult> {
    const { retry, logger } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        const info = await this.transport.sendMail({
          from: { name: this.options.fromName, address: this.options.from },
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
          messageId: mail.messageId,
        });
        return {
          accepted: true,
          messageId: info.messageId,
          attempts: attempt,
          permanent: false,
          smtpCode: null,
          reason: redactAddresses(String(info.response ?? 'accepted')),
        };
      } catch (err) {
        const failure = classifyFailure(err);
        const last = failure.permanent || attempt >= retry.maxAttempts;
        const delayMs = last ? null : backoffDelayMs(attempt, retry, this.random);
        logger?.warn(
          {
            ...mail.logContext,
            attempt,
            smtpCode: failure.smtpCode,
            permanent: failure.permanent,
            retryInMs: delayMs,
          },
          `mail delivery attempt failed: ${failure.reason}`,
        );
        if (delayMs === null) {
          return { accepted: false, messageId: null, attempts: attempt, ...failure };
        }
        await this.sleep(delayMs);
      }
    }
  }

  /** Checks that the server answers and accepts our credentials; throws with the reason otherwise. */
  async verify(): Promise<void> {
    await this.transport.verify();
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

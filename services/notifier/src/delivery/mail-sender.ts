import type { RenderedEmail } from '../email/render';

/** A rendered message with its recipient. */
export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /**
   * Message-ID header, `<id@domain>`. Derived from the delivery id, so a message sent again after a lost reply
   * carries the same id and a mail client can tell it is the same message.
   */
  messageId: string;
  /** ids to log with each attempt (watch id, report id); never an address */
  logContext?: Record<string, string>;
}

export interface DeliveryResult {
  accepted: boolean;
  /** Message-ID of the accepted message; null when nothing was accepted */
  messageId: string | null;
  /** attempts made, 1 or more */
  attempts: number;
  /** true when the last failure can not go away by retrying (5xx reply, bad address, bad configuration) */
  permanent: boolean;
  /** SMTP reply code of the last failure, null when accepted or when there was no reply (connection error) */
  smtpCode: number | null;
  /** what happened, for logs and AlertFailed events; addresses are redacted */
  reason: string;
}

/** Hands messages to a mail system. Implementations retry what is worth retrying and never throw for a delivery failure. */
export interface MailSender {
  send(mail: OutgoingEmail): Promise<DeliveryResult>;
  close(): Promise<void>;
}

/** The part of a pino logger the senders use. */
export interface SenderLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

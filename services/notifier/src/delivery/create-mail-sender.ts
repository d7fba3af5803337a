import type { MailConfig } from '../config/mail.config';
import { EmlFileSender } from './eml-file-sender';
import type { MailSender, SenderLogger } from './mail-sender';
import { SmtpSender } from './smtp-sender';

/** SMTP when configured, otherwise .eml files in `emlDir` (the embedded mode without a mail server). */
export function createMailSender(mail: MailConfig, logger?: SenderLogger): MailSender {
  if (!mail.smtp) return new EmlFileSender(mail.emlDir, mail.from, mail.fromName);
  return new SmtpSender({
    smtp: mail.smtp,
    from: mail.from,
    fromName: mail.fromName,
    retry: mail.retry,
    logger,
  });
}

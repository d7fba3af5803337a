import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { DeliveryResult, MailSender, OutgoingEmail } from './mail-sender';
import { classifyFailure } from './retry-policy';

/**
 * Writes each message as an RFC 5322 `.eml` file, for the embedded mode when no SMTP server is configured. The file
 * is named after the Message-ID, so sending the same delivery again replaces the file rather than adding a second
 * one, and it is written under a temporary name then renamed, so a reader never sees half a message.
 */
export class EmlFileSender implements MailSender {
  private readonly transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });

  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly fromName: string,
  ) {}

  /** The file a message with this Message-ID is written to. */
  fileFor(messageId: string): string {
    const base = messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
    return join(this.dir, `${base}.eml`);
  }

  async send(mail: OutgoingEmail): Promise<DeliveryResult> {
    try {
      const info = await this.transport.sendMail({
        from: { name: this.fromName, address: this.from },
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId: mail.messageId,
      });
      await mkdir(this.dir, { recursive: true });
      const file = this.fileFor(info.messageId);
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, info.message as Buffer);
      await rename(tmp, file);
      return {
        accepted: true,
        messageId: info.messageId,
        attempts: 1,
        permanent: false,
        smtpCode: null,
        reason: `written to ${file}`,
      };
    } catch (err) {
      // A full disk or a bad folder will not fix itself within a retry loop here; the caller's redelivery will retry.
      return { accepted: false, messageId: null, attempts: 1, ...classifyFailure(err), permanent: false };
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

import type { Counter } from 'prom-client';
import type { DeliveryResult, MailSender, OutgoingEmail } from './mail-sender';

/** Outcome label of a delivery attempt run, as ops alert on it. */
export const deliveryOutcome = (r: DeliveryResult): 'sent' | 'failed_temporary' | 'failed_permanent' =>
  r.accepted ? 'sent' : r.permanent ? 'failed_permanent' : 'failed_temporary';

/** Counts every message handed to the wrapped sender by outcome (alerts and confirmations alike). */
export class CountingMailSender implements MailSender {
  constructor(
    private readonly inner: MailSender,
    private readonly emails: Counter<'outcome'>,
  ) {}

  async send(mail: OutgoingEmail): Promise<DeliveryResult> {
    const result = await this.inner.send(mail);
    this.emails.inc({ outcome: deliveryOutcome(result) });
    return result;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

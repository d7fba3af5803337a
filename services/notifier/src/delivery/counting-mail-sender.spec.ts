import { Counter, Registry } from 'prom-client';
import { CountingMailSender } from './counting-mail-sender';
import type { DeliveryResult, MailSender } from './mail-sender';

const result = (r: Partial<DeliveryResult>): DeliveryResult => ({
  accepted: false,
  messageId: null,
  attempts: 1,
  permanent: false,
  smtpCode: null,
  reason: '',
  ...r,
});

describe('CountingMailSender', () => {
  it('counts each send by outcome and passes the result through unchanged', async () => {
    const outcomes = [
      result({ accepted: true, messageId: '<a@x>' }),
      result({ smtpCode: 421 }),
      result({ permanent: true, smtpCode: 550 }),
    ];
    const inner: MailSender = { send: async () => outcomes.shift()!, close: async () => undefined };
    const registry = new Registry();
    const emails = new Counter({
      name: 'emails_total',
      help: 'h',
      labelNames: ['outcome'],
      registers: [registry],
    });
    const sender = new CountingMailSender(inner, emails);
    const mail = { to: 'a@example.org', messageId: '<m@x>', subject: 's', text: 't', html: 'h', headers: {} };
    expect((await sender.send(mail)).accepted).toBe(true);
    await sender.send(mail);
    await sender.send(mail);
    const text = await registry.metrics();
    expect(text).toContain('emails_total{outcome="sent"} 1');
    expect(text).toContain('emails_total{outcome="failed_temporary"} 1');
    expect(text).toContain('emails_total{outcome="failed_permanent"} 1');
  });
});

import type { RetryPolicy, SmtpConfig } from '../config/mail.config';
import { SmtpCapture, closedPort } from '../testing/smtp-capture';
import type { OutgoingEmail } from './mail-sender';
import { backoffDelayMs, classifyFailure } from './retry-policy';
import { SmtpSender } from './smtp-sender';

const retry: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 8000 };
const smtp = (port: number): SmtpConfig => ({
  host: '127.0.0.1',
  port,
  secure: false,
  startTls: 'never',
  auth: null,
  maxConnections: 2,
  timeoutMs: 5000,
});
const mail: OutgoingEmail = {
  to: 'reader@example.org',
  subject: 'Test alert',
  text: 'plain part',
  html: '<p>html part</p>',
  headers: { 'List-Unsubscribe': '<https://watch.example.org/u>' },
  messageId: '<alert.abc@watch.example.org>',
};

/** Sender whose waits are recorded instead of slept, so a test of four attempts does not take fifteen seconds. */
function sender(port: number, waits: number[] = []) {
  return new SmtpSender({
    smtp: smtp(port),
    from: 'alerts@watch.example.org',
    fromName: 'detainer-watch',
    retry,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

describe('SmtpSender against a real SMTP server', () => {
  let capture: SmtpCapture | null = null;
  afterEach(async () => {
    await capture?.stop();
    capture = null;
  });

  it('delivers text and HTML parts with the Message-ID and headers given', async () => {
    capture = await SmtpCapture.start();
    const s = sender(capture.port);
    const result = await s.send(mail);
    await s.close();
    expect(result).toMatchObject({ accepted: true, attempts: 1, permanent: false, smtpCode: null });
    expect(result.messageId).toBe('<alert.abc@watch.example.org>');
    expect(capture.messages).toHaveLength(1);
    const m = capture.messages[0]!;
    expect(m.envelopeTo).toEqual(['reader@example.org']);
    expect(m.parsed!.text?.trim()).toBe('plain part');
    expect(m.parsed!.html).toContain('<p>html part</p>');
    expect(m.parsed!.messageId).toBe('<alert.abc@watch.example.org>');
    expect(m.parsed!.from?.value).toEqual([{ name: 'detainer-watch', address: 'alerts@watch.example.org' }]);
    expect(m.raw.toString()).toMatch(/^List-Unsubscribe: <https:\/\/watch\.example\.org\/u>\r$/m);
  });

  it('retries a 421 and delivers on the next attempt, after a backoff', async () => {
    capture = await SmtpCapture.start({
      onRecipient: (n) => (n === 1 ? { code: 421, message: 'Service not available, try again later' } : null),
    });
    const waits: number[] = [];
    const s = sender(capture.port, waits);
    const result = await s.send(mail);
    await s.close();
    expect(result).toMatchObject({ accepted: true, attempts: 2 });
    expect(waits).toEqual([750]);
    expect(capture.messages).toHaveLength(1);
  });

  it('does not retry a 550, and keeps the address out of the reason', async () => {
    capture = await SmtpCapture.start({
      onRecipient: (_n, address) => ({ code: 550, message: `Mailbox unavailable: <${address}>` }),
    });
    const waits: number[] = [];
    const s = sender(capture.port, waits);
    const result = await s.send(mail);
    await s.close();
    expect(result).toMatchObject({
      accepted: false,
      attempts: 1,
      permanent: true,
      smtpCode: 550,
      messageId: null,
    });
    expect(result.reason).toContain('Mailbox unavailable');
    expect(result.reason).not.toContain('reader@example.org');
    expect(waits).toEqual([]);
    expect(capture.recipientCommands).toBe(1);
    expect(capture.messages).toHaveLength(0);
  });

  it('retries 4xx up to maxAttempts with growing delays, then reports a temporary failure', async () => {
    capture = await SmtpCapture.start({
      onRecipient: () => ({ code: 451, message: 'Local error, try later' }),
    });
    const waits: number[] = [];
    const s = sender(capture.port, waits);
    const result = await s.send(mail);
    await s.close();
    expect(result).toMatchObject({ accepted: false, attempts: 4, permanent: false, smtpCode: 451 });
    expect(waits).toEqual([750, 1500, 3000]);
    expect(capture.recipientCommands).toBe(4);
  });

  it('treats a refused connection as temporary', async () => {
    const s = sender(await closedPort());
    const result = await s.send(mail);
    await s.close();
    expect(result).toMatchObject({ accepted: false, attempts: 4, permanent: false, smtpCode: null });
    expect(result.reason).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
  });
});

describe('retry policy', () => {
  it('backs off exponentially with jitter between half and all of the nominal delay, capped', () => {
    const p = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, p, () => 0))).toEqual([500, 1000, 2000, 2500, 2500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, p, () => 1))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('classifies replies and errors', () => {
    expect(classifyFailure({ responseCode: 552, response: '552 too big' })).toMatchObject({
      permanent: true,
      smtpCode: 552,
    });
    expect(classifyFailure({ responseCode: 503, response: '503 bad sequence' }).permanent).toBe(false);
    expect(classifyFailure({ responseCode: 450, response: '450 busy' }).permanent).toBe(false);
    expect(classifyFailure({ code: 'ETIMEDOUT', message: 'Timeout' })).toMatchObject({
      permanent: false,
      smtpCode: null,
    });
    expect(classifyFailure({ code: 'EENVELOPE', message: 'No recipients defined' }).permanent).toBe(true);
    expect(classifyFailure(new Error('boom')).reason).toBe('boom');
  });
});

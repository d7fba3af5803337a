import { AlertFailedV1, AlertSentV1 } from '@detainer-watch/contracts';
import type { SmtpConfig } from '../config/mail.config';
import { InMemoryDeliveryLog } from '../delivery/delivery-log';
import { SmtpSender } from '../delivery/smtp-sender';
import { renderConfirmationEmail } from '../email/render';
import { confirmedWatch, entities, estimateFor } from '../testing/fixtures';
import { SmtpCapture, type Refusal } from '../testing/smtp-capture';
import { InMemoryWatchRepository } from '../watches/in-memory-watch.repository';
import { confirmWatch, createWatch } from '../watches/watch';
import { alertEventId, deliveryIdFor, sendReportAlerts } from './send-report-alerts';

const baseUrl = 'https://watch.example.org';
const report = [
  estimateFor(entities.eastHaven, { index: 0, total: 3 }),
  estimateFor(entities.hartford, { index: 1, total: 3 }),
  estimateFor(entities.travis, { index: 2, total: 3, withPolicy: false }),
];

describe('sendReportAlerts over a real SMTP server', () => {
  let capture: SmtpCapture;
  let sender: SmtpSender;
  const start = async (onRecipient?: (n: number, address: string) => Refusal | null) => {
    capture = await SmtpCapture.start({ onRecipient });
    const smtp: SmtpConfig = {
      host: '127.0.0.1',
      port: capture.port,
      secure: false,
      startTls: 'never',
      auth: null,
      maxConnections: 2,
      timeoutMs: 5000,
    };
    sender = new SmtpSender({
      smtp,
      from: 'alerts@watch.example.org',
      fromName: 'detainer-watch',
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
  };
  afterEach(async () => {
    await sender.close();
    await capture.stop();
  });

  it('sends a Connecticut watcher ONE email listing East Haven and Hartford, in text and HTML', async () => {
    await start();
    const ct = confirmedWatch('ct-reader@example.org', entities.connecticut, true);
    const texas = confirmedWatch('tx-reader@example.org', {
      ...entities.travis,
      id: 'county:48029',
      fips: '48029',
      name: 'Bexar County',
    });
    const deliveries = new InMemoryDeliveryLog();
    const deps = {
      watches: new InMemoryWatchRepository([ct, texas]),
      deliveries,
      sender,
      baseUrl,
      messageIdDomain: 'watch.example.org',
    };

    const result = await sendReportAlerts(report, deps);

    expect(result.failed).toEqual([]);
    expect(result.sent).toHaveLength(1);
    expect(AlertSentV1.parse(result.sent[0])).toMatchObject({
      watchId: ct.id,
      reportId: report[0]!.classification.report.reportId,
      jurisdictionIds: ['cousub:0900924800', 'place:0937000'],
      attempts: 1,
    });
    expect(capture.messages).toHaveLength(1);
    const m = capture.messages[0]!.parsed!;
    expect(capture.messages[0]!.envelopeTo).toEqual(['ct-reader@example.org']);
    expect(m.subject).toBe(
      'ICE declined detainer report (January 28, 2017 to February 3, 2017): East Haven town, CT; Hartford city, CT',
    );
    for (const body of [m.text!, m.html as string]) {
      expect(body).toContain('East Haven town, CT');
      expect(body).toContain('Hartford city, CT');
      expect(body).not.toContain('Travis County');
      expect(body).toContain('$1,745,037.00');
      expect(body).toContain(`${baseUrl}/watches/${ct.id}/unsubscribe?token`);
    }
    expect(m.messageId).toBe(
      `<alert.${deliveryIdFor(ct.id, report[0]!.classification.report.reportId)}@watch.example.org>`,
    );
    expect(m.headers.get('list')).toEqual({
      unsubscribe: { url: `${baseUrl}/watches/${ct.id}/unsubscribe?token=${ct.unsubscribeToken}` },
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });

    // The same report again (a redelivered event, a restart): nothing is sent twice.
    const again = await sendReportAlerts(report, deps);
    expect(again).toEqual({ sent: [], failed: [], skipped: [ct.id] });
    expect(capture.messages).toHaveLength(1);
  });

  it('sends nothing for a report that matches no watch', async () => {
    await start();
    const watches = new InMemoryWatchRepository([
      confirmedWatch('a@example.org', entities.connecticut, true),
    ]);
    const travisOnly = [estimateFor(entities.travis, { index: 0, total: 1 })];
    const result = await sendReportAlerts(travisOnly, {
      watches,
      deliveries: new InMemoryDeliveryLog(),
      sender,
      baseUrl,
      messageIdDomain: 'watch.example.org',
    });
    expect(result).toEqual({ sent: [], failed: [], skipped: [] });
    expect(capture.recipientCommands).toBe(0);
  });

  it('keeps trying to record a sent email while the claim lasts, so a database blip does not send it twice', async () => {
    await start();
    const ct = confirmedWatch('ct-reader@example.org', entities.connecticut, true);
    const deliveries = new InMemoryDeliveryLog();
    let outage = 2;
    const flaky = Object.assign(Object.create(deliveries) as InMemoryDeliveryLog, {
      complete: (...args: Parameters<InMemoryDeliveryLog['complete']>) =>
        outage-- > 0
          ? Promise.reject(new Error('connection terminated: the database is restarting'))
          : deliveries.complete(...args),
    });
    const warnings: string[] = [];
    const deps = {
      watches: new InMemoryWatchRepository([ct]),
      deliveries: flaky,
      sender,
      baseUrl,
      messageIdDomain: 'watch.example.org',
      logger: { info: () => undefined, warn: (_: object, msg: string) => void warnings.push(msg) },
    };

    const result = await sendReportAlerts(report, deps);
    expect(result.sent).toHaveLength(1);
    expect(warnings).toEqual([
      'could not record the outcome of a send; retrying',
      'could not record the outcome of a send; retrying',
    ]);
    expect((await deliveries.get(result.sent[0]!.deliveryId))?.status).toBe('sent');
    // Another run (a redelivery, the retry sweep) finds it sent and sends nothing.
    expect((await sendReportAlerts(report, { ...deps, deliveries })).skipped).toEqual([ct.id]);
    expect(capture.messages).toHaveLength(1);

    // A record that cannot be written before the claim runs out is an error for the caller to retry.
    outage = Infinity;
    const other = confirmedWatch('ct-desk@example.org', entities.connecticut, true);
    await expect(
      sendReportAlerts(report, {
        ...deps,
        watches: new InMemoryWatchRepository([other]),
        claimLeaseMs: 1000,
      }),
    ).rejects.toThrow('the database is restarting');
  });

  it('records a temporary failure, and sends on the next run', async () => {
    let refuse = true;
    await start(() => (refuse ? { code: 452, message: 'Insufficient system storage' } : null));
    const hartford = confirmedWatch('h@example.org', entities.hartford);
    const deliveries = new InMemoryDeliveryLog();
    let clock = new Date('2024-05-01T00:00:00Z');
    const deps = {
      watches: new InMemoryWatchRepository([hartford]),
      deliveries,
      sender,
      baseUrl,
      messageIdDomain: 'w.example.org',
      runRetry: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      now: () => clock,
    };

    const first = await sendReportAlerts(report, deps);
    expect(first.sent).toEqual([]);
    expect(AlertFailedV1.parse(first.failed[0])).toMatchObject({
      watchId: hartford.id,
      permanent: false,
      smtpCode: 452,
      attempts: 2,
    });
    expect(first.failed[0]!.reason).not.toContain('h@example.org');

    refuse = false;
    // Not due yet: the backoff of the first failed run (30 to 60 s) has not passed.
    clock = new Date(clock.getTime() + 20_000);
    expect(await sendReportAlerts(report, deps)).toEqual({ sent: [], failed: [], skipped: [hartford.id] });
    clock = new Date(clock.getTime() + 60_000);
    const second = await sendReportAlerts(report, deps);
    expect(second.sent).toHaveLength(1);
    const record = await deliveries.get(second.sent[0]!.deliveryId);
    expect(record).toMatchObject({ status: 'sent', attempts: 3 });
    expect(capture.messages).toHaveLength(1);
  });

  it('gives up after the configured number of failed runs, recording a permanent failure', async () => {
    await start(() => ({ code: 421, message: 'Try again later' }));
    const hartford = confirmedWatch('h@example.org', entities.hartford);
    const deliveries = new InMemoryDeliveryLog();
    const deps = {
      watches: new InMemoryWatchRepository([hartford]),
      deliveries,
      sender,
      baseUrl,
      messageIdDomain: 'w.example.org',
      runRetry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
    };
    const first = await sendReportAlerts(report, deps);
    expect(first.failed[0]).toMatchObject({ permanent: false, attempts: 2 });
    const second = await sendReportAlerts(report, deps);
    expect(second.failed[0]).toMatchObject({ permanent: true, smtpCode: 421, attempts: 4 });
    expect(second.failed[0]!.reason).toMatch(/^gave up after 4 attempts in 2 runs/);
    expect(await sendReportAlerts(report, deps)).toEqual({ sent: [], failed: [], skipped: [hartford.id] });
    expect(deliveries.events.map((e) => alertEventId(e))).toEqual([
      `alert.failed:${first.failed[0]!.deliveryId}:2`,
      `alert.failed:${first.failed[0]!.deliveryId}:4`,
    ]);
  });

  it('does not try again after a permanent failure', async () => {
    await start(() => ({ code: 550, message: 'No such user' }));
    const hartford = confirmedWatch('h@example.org', entities.hartford);
    const deps = {
      watches: new InMemoryWatchRepository([hartford]),
      deliveries: new InMemoryDeliveryLog(),
      sender,
      baseUrl,
      messageIdDomain: 'w.example.org',
    };
    const first = await sendReportAlerts(report, deps);
    expect(first.failed[0]).toMatchObject({ permanent: true, smtpCode: 550, attempts: 1 });
    expect(await sendReportAlerts(report, deps)).toEqual({ sent: [], failed: [], skipped: [hartford.id] });
    expect(capture.recipientCommands).toBe(1);
  });

  it('waits for every jurisdiction of the report', async () => {
    await start();
    const deps = {
      watches: new InMemoryWatchRepository([]),
      deliveries: new InMemoryDeliveryLog(),
      sender,
      baseUrl,
      messageIdDomain: 'w.example.org',
    };
    await expect(sendReportAlerts([report[0]!, report[2]!], deps)).rejects.toThrow(
      /1 of 3 jurisdiction estimates missing \(positions 1\)/,
    );
  });

  it('delivers a confirmation email whose link carries the token that confirms the watch', async () => {
    await start();
    const now = new Date('2024-05-01T00:00:00Z');
    const watch = createWatch({ email: 'new@example.org', jurisdiction: entities.hartford }, now);
    const email = renderConfirmationEmail(watch, baseUrl);
    const result = await sender.send({
      ...email,
      to: watch.email,
      messageId: `<confirm.${watch.id}@w.example.org>`,
    });
    expect(result.accepted).toBe(true);
    const m = capture.messages[0]!.parsed!;
    const link = /https:\/\/watch\.example\.org\/watches\/[^\s"<>]+\/confirm\?token=[A-Za-z0-9_-]+/.exec(
      m.text!,
    )?.[0];
    expect(link).toBeDefined();
    expect(m.html).toContain(`href="${link!.replace(/=/g, '&#x3D;')}"`);
    const url = new URL(link!);
    expect(url.pathname).toBe(`/watches/${watch.id}/confirm`);
    expect(confirmWatch(watch, url.searchParams.get('token')!, now).status).toBe('confirmed');
  });
});

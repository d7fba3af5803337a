jest.setTimeout(60_000);

import request from 'supertest';
import {
  type AlertFailedV1,
  type AlertSentV1,
  type GrantExposureEstimatedV1,
  type JurisdictionEntity,
  Subjects,
  createEvent,
} from '@detainer-watch/contracts';
import { JetStreamBus, type Subscription } from '@detainer-watch/messaging';
import { type RunningService, bootstrapService } from '@detainer-watch/service-kit';
import {
  cleanupStreams,
  dropTestSchema,
  startTestInfra,
  testBusOptions,
  testServiceEnv,
  uniqueRunId,
  waitFor,
  type TestInfra,
  sleep,
  POLL,
} from '@detainer-watch/testing';
import { EstimateConsumer, NOTIFIER_RUNTIME, NotifierRuntime, deliveryIdFor, notifier } from '../src';
import { entities, estimateFor, reportIdOf, syntheticReport } from '../src/testing/fixtures';
import { type CapturedMail, type Refusal, SmtpCapture } from '../src/testing/smtp-capture';
import { capturedLogger, serveResolver } from './support';

const API_KEY = 'test-api-key-0123456789';
const BASE_URL = 'https://watch.example.org';

let infra: TestInfra;
/** the test's own connection: publishes estimates, serves the resolver, reads alert events */
let bus: JetStreamBus;
let service: RunningService<unknown>;
let rt: NotifierRuntime;
let smtp: SmtpCapture;
let schema: string;
let streamPrefix: string;
const subscriptions: Subscription[] = [];
const logs = capturedLogger();
/** per-test SMTP behaviour: a refusal for an RCPT TO, or null to accept */
let refuse: (address: string) => Refusal | null = () => null;
const alertsSent: AlertSentV1[] = [];
const alertsFailed: AlertFailedV1[] = [];

beforeAll(async () => {
  infra = await startTestInfra();
  const runId = uniqueRunId();
  const names = testBusOptions(infra.natsUrl, runId);
  streamPrefix = names.streamPrefix;
  schema = `notifier_${runId}`;
  smtp = await SmtpCapture.start({ onRecipient: (_n, address) => refuse(address) });
  bus = await JetStreamBus.connect({ ...names, name: 'notifier-int-test', logger: logs.logger });
  await bus.provision();
  subscriptions.push(
    await serveResolver(bus),
    await bus.consume({ durable: 'test-alert-sent', subject: Subjects.AlertSent }, async (e) => {
      alertsSent.push(e.data);
    }),
    await bus.consume({ durable: 'test-alert-failed', subject: Subjects.AlertFailed }, async (e) => {
      alertsFailed.push(e.data);
    }),
  );
  service = await bootstrapService({
    ...notifier,
    mode: 'embedded',
    logger: logs.logger,
    relay: { pollIntervalMs: 100 },
    env: {
      ...testServiceEnv(infra, schema, names),
      NOTIFIER_API_KEY: API_KEY,
      NOTIFIER_BASE_URL: BASE_URL,
      MAIL_FROM: 'alerts@watch.example.org',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_STARTTLS: 'never',
      SMTP_TIMEOUT_MS: '5000',
      MAIL_RETRY_MAX_ATTEMPTS: '2',
      MAIL_RETRY_BASE_DELAY_MS: '10',
      MAIL_RETRY_MAX_DELAY_MS: '20',
      NOTIFIER_RETRY_BASE_DELAY_MS: '1',
      NOTIFIER_RETRY_MAX_DELAY_MS: '1',
      // The sweep is run by hand below, so what it does is attributable.
      NOTIFIER_RETRY_SWEEP_INTERVAL_MS: '3600000',
    },
  });
  rt = service.app.get<NotifierRuntime>(NOTIFIER_RUNTIME);
});

afterAll(async () => {
  await service?.close();
  for (const s of subscriptions) await s.drain();
  await bus?.close();
  await smtp?.stop();
  if (infra) {
    await cleanupStreams(infra.natsUrl, streamPrefix);
    await dropTestSchema(infra.databaseUrl, schema);
    await infra.stop();
  }
});

beforeEach(() => {
  refuse = () => null;
});

const http = () => request(service.app.getHttpServer());
const withKey = (r: request.Test) => r.set('x-api-key', API_KEY);
const mailTo = (address: string): CapturedMail[] =>
  smtp.messages.filter((m) => m.envelopeTo.includes(address));

/** Creates a watch over HTTP and opens the link of its confirmation email. */
async function confirmedWatch(email: string, jurisdiction: string, includeChildren = false): Promise<string> {
  const created = await withKey(http().post('/watches'))
    .send({ email, jurisdiction, includeChildren })
    .expect(201);
  const mail = await waitFor(() => mailTo(email)[0], { ...POLL, message: 'confirmation email' });
  const link = new URL(
    /https:\/\/watch\.example\.org\/watches\/\S+\/confirm\?token=[\w-]+/.exec(mail.parsed!.text!)![0],
  );
  await http().get(`${link.pathname}${link.search}`).expect(200);
  return created.body.id as string;
}

function reportOf(seed: string, members: { entity: JurisdictionEntity; rawName?: string }[]) {
  const report = {
    reportId: reportIdOf(seed),
    sourceUrl: `https://www.ice.gov/doclib/ddor/${seed}.pdf`,
    period: { start: '2017-01-28', end: '2017-02-03' },
  };
  return members.map(({ entity, rawName }, index) =>
    estimateFor(entity, { index, total: members.length, report, ...(rawName ? { rawName } : {}) }),
  );
}

const envelopeOf = (e: GrantExposureEstimatedV1) =>
  createEvent(Subjects.GrantExposureEstimated, {
    id: `grant.exposure.estimated:${e.classification.report.reportId}:${e.classification.entity.id}`,
    source: 'grant-exposure-calculator',
    data: e,
    reportId: e.classification.report.reportId,
  });

interface HandledReport {
  sent: number;
  failed: number;
  skipped: number;
}

/** Publishes a report's estimates and waits for the handler's log line saying the complete report was handled. */
async function publishReport(estimates: GrantExposureEstimatedV1[]): Promise<HandledReport> {
  const reportId = estimates[0]!.classification.report.reportId;
  for (const e of estimates) await bus.publish(Subjects.GrantExposureEstimated, envelopeOf(e));
  return waitFor(
    () =>
      logs.lines
        .map((l) => JSON.parse(l) as { msg: string; reportId?: string } & HandledReport)
        .find((l) => l.reportId === reportId && l.msg === 'report complete: alerts processed'),
    { ...POLL, message: 'the complete report to be handled' },
  );
}

describe('watches API', () => {
  it('refuses management requests without the right API key (401), accepts x-api-key and Bearer', async () => {
    const missing = await http().get('/watches').expect(401);
    expect(missing.body.message).toMatch(/x-api-key/);
    await http().get('/watches').set('x-api-key', 'wrong-key').expect(401);
    await http().post('/watches').send({ email: 'a@example.org', jurisdiction: 'Connecticut' }).expect(401);
    await http().delete('/watches/00000000-0000-4000-8000-000000000000').expect(401);
    await http().get('/watches').set('Authorization', `Bearer ${API_KEY}`).expect(200);
    await withKey(http().get('/watches')).expect(200);
  });

  it('creates, confirms through the emailed link, lists, unsubscribes (GET page, POST one-click) and deletes', async () => {
    const email = 'flow-reader@example.org';
    const created = await withKey(http().post('/watches'))
      .send({ email, jurisdiction: 'Hartford, CT' })
      .expect(201);
    expect(created.body).toMatchObject({
      email,
      status: 'pending_confirmation',
      includeChildren: false,
      jurisdiction: {
        id: 'place:0937000',
        name: 'Hartford city',
        type: 'city',
        state: 'CT',
        fips: '0937000',
      },
      confirmation: { status: 'sent', attempts: 1 },
    });
    expect(JSON.stringify(created.body)).not.toMatch(/token/i);
    const id = created.body.id as string;

    const mail = mailTo(email)[0]!.parsed!;
    expect(mail.subject).toBe('Confirm your detainer-watch alert for Hartford city, CT');
    const link = new URL(
      /https:\/\/watch\.example\.org\/watches\/\S+\/confirm\?token=[\w-]+/.exec(mail.text!)![0],
    );
    expect(link.pathname).toBe(`/watches/${id}/confirm`);

    await http()
      .get(`/watches/${id}/confirm?token=${'x'.repeat(43)}`)
      .expect(403);
    const confirmed = await http().get(`${link.pathname}${link.search}`).expect(200);
    expect(confirmed.text).toContain('Hartford city, CT');
    await http().get(`${link.pathname}${link.search}`).expect(200); // twice is harmless
    expect((await withKey(http().get(`/watches/${id}`)).expect(200)).body.status).toBe('confirmed');
    const list = await withKey(http().get('/watches?limit=500')).expect(200);
    expect(list.body.watches.map((w: { id: string }) => w.id)).toContain(id);

    // The unsubscribe token reaches the watcher only in alerts; read it where the alert would take it from.
    const token = (await rt.watches.get(id))!.unsubscribeToken;
    const page = await http().get(`/watches/${id}/unsubscribe?token=${token}`).expect(200);
    expect(page.text).toContain('<form method="post"');
    expect((await withKey(http().get(`/watches/${id}`))).body.status).toBe('confirmed');
    await http()
      .post(`/watches/${id}/unsubscribe?token=${'y'.repeat(43)}`)
      .expect(403);
    await http()
      .post(`/watches/${id}/unsubscribe?token=${token}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect((await withKey(http().get(`/watches/${id}`))).body.status).toBe('unsubscribed');
    await http().get(`${link.pathname}${link.search}`).expect(409);

    await withKey(http().delete(`/watches/${id}`)).expect(204);
    await withKey(http().get(`/watches/${id}`)).expect(404);
    await withKey(http().delete(`/watches/${id}`)).expect(404);
    await withKey(http().get('/watches/not-a-uuid')).expect(400);
  });

  it('answers 422 with the candidates for an ambiguous or unknown jurisdiction', async () => {
    const res = await withKey(http().post('/watches'))
      .send({ email: 'franklin@example.org', jurisdiction: 'Franklin County' })
      .expect(422);
    expect(res.body.error).toBe('jurisdiction_not_resolved');
    expect(res.body.reason).toMatch(/ambiguous/);
    expect(res.body.candidates.length).toBeGreaterThan(1);
    for (const c of res.body.candidates) expect(c).toMatchObject({ type: 'county', name: 'Franklin County' });
    const unknown = await withKey(http().post('/watches'))
      .send({ email: 'franklin@example.org', jurisdiction: 'Zzyzx Nowhere' })
      .expect(422);
    expect(unknown.body.candidates).toEqual([]);
    // With the state it resolves.
    await withKey(http().post('/watches'))
      .send({ email: 'franklin@example.org', jurisdiction: 'Franklin County', state: 'OH' })
      .expect(201);
    expect(mailTo('franklin@example.org')).toHaveLength(1);
  });

  it('refuses header injection and malformed bodies with 400, naming the field but not repeating the value', async () => {
    const attempts = [
      { email: 'zqx@example.org\r\nBcc: victim@example.com', jurisdiction: 'Connecticut' },
      { email: 'zqx@example.org, victim@example.com', jurisdiction: 'Connecticut' },
      { email: '"Victim" <zqx@example.org>', jurisdiction: 'Connecticut' },
      { email: 'zqx@example.org', jurisdiction: 'Connecticut\r\nBcc: victim@example.com' },
      { email: 'zqx@example.org', jurisdiction: 'Connecticut', includeChildren: 'yes' },
      { email: 'zqx@example.org', jurisdiction: 'Connecticut', extra: 1 },
      { jurisdiction: 'Connecticut' },
    ];
    const before = smtp.recipientCommands;
    for (const body of attempts) {
      const res = await withKey(http().post('/watches')).send(body).expect(400);
      expect(res.body.error).toBe('invalid_request');
      expect(res.body.issues.length).toBeGreaterThan(0);
      expect(JSON.stringify(res.body)).not.toMatch(/victim|zqx/);
    }
    expect(smtp.recipientCommands).toBe(before);
  });

  it('serves the OpenAPI document', async () => {
    const doc = await http().get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/watches',
        '/watches/{id}',
        '/watches/{id}/confirm',
        '/watches/{id}/unsubscribe',
      ]),
    );
    expect(
      doc.body.paths['/watches'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('jurisdiction');
    expect(doc.body.components.securitySchemes).toHaveProperty('apiKey');
    const ui = await http().get('/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});

describe('report progress (PgReportEstimatesStore)', () => {
  it('counts each estimate once, with copies and distinct estimates stored concurrently, and completes once', async () => {
    const estimates = syntheticReport(12, 'progress-counting');
    const { dataSource } = rt.estimateDeps;
    // Each copy in its own transaction, all at once: the first copy of an entity counts, later ones add nothing.
    const stored = await Promise.all(
      [...estimates, ...estimates.slice(0, 5)].map((e, i) =>
        dataSource.transaction((manager) => rt.reports.add(manager, `progress-${i}`, e)),
      ),
    );
    const completed = stored.filter((p) => p.completedAt !== null);
    const reportId = estimates[0]!.classification.report.reportId;
    expect(await rt.reports.progress(reportId)).toMatchObject({ total: 12, received: 12 });
    // Every call that saw the report complete saw the same moment: it was set once.
    expect(new Set(completed.map((p) => p.completedAt!.getTime())).size).toBe(1);
    expect(Math.max(...stored.map((p) => p.received))).toBe(12);
    expect((await rt.reports.estimatesOf(reportId)).map((e) => e.classification.position.index)).toEqual([
      ...Array(12).keys(),
    ]);
  });
});

describe('alerts from grant.exposure.estimated', () => {
  it('sends a Connecticut watcher ONE email listing East Haven and Hartford, and publishes alert.sent', async () => {
    const email = 'ct-desk@example.org';
    const watchId = await confirmedWatch(email, 'Connecticut', true);
    const estimates = reportOf('ct-report', [
      { entity: entities.eastHaven },
      { entity: entities.travis },
      { entity: entities.hartford },
    ]);
    const result = await publishReport(estimates);
    expect(result).toMatchObject({ sent: 1, failed: 0, skipped: 0 });

    const alerts = mailTo(email).slice(1);
    expect(alerts).toHaveLength(1);
    const m = alerts[0]!.parsed!;
    expect(m.subject).toContain('East Haven town, CT; Hartford city, CT');
    for (const body of [m.text!, m.html as string]) {
      expect(body).toContain('East Haven town, CT');
      expect(body).toContain('Hartford city, CT');
      expect(body).not.toContain('Travis County');
    }
    expect(alerts[0]!.raw.toString()).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    const reportId = estimates[0]!.classification.report.reportId;
    expect(m.messageId).toBe(`<alert.${deliveryIdFor(watchId, reportId)}@watch.example.org>`);

    const sent = await waitFor(() => alertsSent.find((a) => a.watchId === watchId), {
      ...POLL,
      message: 'alert.sent on JetStream',
    });
    expect(sent).toMatchObject({
      reportId,
      jurisdictionIds: ['cousub:0900924800', 'place:0937000'],
      attempts: 1,
    });

    // The same events again: re-published (JetStream drops the duplicate ids) and handed to the handler again, as
    // a redelivery after a lost ack would.
    for (const e of estimates) await bus.publish(Subjects.GrantExposureEstimated, envelopeOf(e));
    const consumer = service.app.get(EstimateConsumer);
    for (const e of estimates) {
      const again = await consumer.onEstimate(envelopeOf(e));
      expect(again.duplicate).toBe(true);
      expect(again.alerts).toEqual({ sent: [], failed: [], skipped: [watchId] });
    }
    expect(await rt.sweeper.runOnce()).toMatchObject({ reports: 0, sent: 0 });
    await sleep(300);
    expect(mailTo(email)).toHaveLength(2);
    expect(alertsSent.filter((a) => a.watchId === watchId)).toHaveLength(1);
  });

  it('sends nothing for a report that matches no watch', async () => {
    const before = smtp.recipientCommands;
    const la: JurisdictionEntity = {
      id: 'county:06037',
      name: 'Los Angeles County',
      type: 'county',
      state: 'CA',
      fips: '06037',
      parentId: 'state:06',
    };
    const result = await publishReport(reportOf('no-match', [{ entity: la }]));
    expect(result).toMatchObject({ sent: 0, failed: 0, skipped: 0 });
    expect(smtp.recipientCommands).toBe(before);
  });

  it('retries a 421 and delivers one email', async () => {
    const email = 'travis-desk@example.org';
    const watchId = await confirmedWatch(email, 'Travis County, Texas');
    let refusals = 0;
    refuse = (address) =>
      address === email && refusals++ === 0 ? { code: 421, message: 'Try again later' } : null;
    const result = await publishReport(reportOf('travis-421', [{ entity: entities.travis }]));
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    expect(mailTo(email).slice(1)).toHaveLength(1);
    const sent = await waitFor(() => alertsSent.find((a) => a.watchId === watchId), {
      ...POLL,
      message: 'alert.sent',
    });
    expect(sent.attempts).toBe(2);
  });

  it('records a run of temporary failures, publishes alert.failed (temporary), and the retry sweep delivers later', async () => {
    const email = 'bexar-desk@example.org';
    const bexar: JurisdictionEntity = {
      ...entities.travis,
      id: 'county:48029',
      name: 'Bexar County',
      fips: '48029',
    };
    const watchId = await confirmedWatch(email, 'Bexar County, TX');
    refuse = (address) => (address === email ? { code: 451, message: 'Local error, try later' } : null);
    const result = await publishReport(reportOf('bexar-451', [{ entity: bexar }]));
    expect(result).toMatchObject({ sent: 0, failed: 1 });
    const failed = await waitFor(() => alertsFailed.find((a) => a.watchId === watchId), {
      ...POLL,
      message: 'alert.failed',
    });
    expect(failed).toMatchObject({ permanent: false, smtpCode: 451, attempts: 2 });
    expect(failed.reason).not.toContain(email);

    refuse = () => null;
    await sleep(20); // the (1 ms) backoff of the failed run
    expect(await rt.sweeper.runOnce()).toMatchObject({ reports: 1, sent: 1 });
    expect(mailTo(email).slice(1)).toHaveLength(1);
    const sent = await waitFor(() => alertsSent.find((a) => a.watchId === watchId), {
      ...POLL,
      message: 'alert.sent',
    });
    expect(sent.attempts).toBe(3);
    expect(await rt.sweeper.runOnce()).toMatchObject({ reports: 0 });
  });

  it('does not retry a 550: alert.failed is permanent', async () => {
    const email = 'orange-desk@example.org';
    const orange: JurisdictionEntity = {
      id: 'county:06059',
      name: 'Orange County',
      type: 'county',
      state: 'CA',
      fips: '06059',
      parentId: 'state:06',
    };
    const watchId = await confirmedWatch(email, 'Orange County, CA');
    let rcpts = 0;
    refuse = (address) => {
      if (address !== email) return null;
      rcpts++;
      return { code: 550, message: `Mailbox unavailable: <${address}>` };
    };
    const result = await publishReport(reportOf('orange-550', [{ entity: orange }]));
    expect(result).toMatchObject({ sent: 0, failed: 1 });
    const failed = await waitFor(() => alertsFailed.find((a) => a.watchId === watchId), {
      ...POLL,
      message: 'alert.failed',
    });
    expect(failed).toMatchObject({ permanent: true, smtpCode: 550, attempts: 1 });
    expect(failed.reason).not.toContain(email);
    expect(await rt.sweeper.runOnce()).toMatchObject({ reports: 0 });
    expect(rcpts).toBe(1);
    const record = await rt.deliveries.get(failed.deliveryId);
    expect(record).toMatchObject({ status: 'failed_permanent', smtpCode: 550, nextAttemptAt: null });
  });

  it('escapes markup from a report in the HTML part', async () => {
    const email = 'hartford-desk@example.org';
    await confirmedWatch(email, 'Hartford, CT');
    await publishReport(
      reportOf('script', [{ entity: entities.hartford, rawName: '<script>alert("x")</script>Hartford, CT' }]),
    );
    const m = mailTo(email).slice(1)[0]!;
    const html = m.parsed!.html as string;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(m.parsed!.text).toContain('<script>alert("x")</script>Hartford, CT');
  });

  it('takes over a send abandoned by a crashed process only after its lease, and sends it once', async () => {
    const email = 'lee-desk@example.org';
    const lee: JurisdictionEntity = {
      id: 'county:12071',
      name: 'Lee County',
      type: 'county',
      state: 'FL',
      fips: '12071',
      parentId: 'state:12',
    };
    const watchId = await confirmedWatch(email, 'Lee County, FL');
    const estimates = reportOf('crash', [{ entity: lee }]);
    const reportId = estimates[0]!.classification.report.reportId;
    const deliveryId = deliveryIdFor(watchId, reportId);
    // A process claimed the delivery and died before recording the outcome.
    const claimedAt = new Date();
    const claim = { deliveryId, watchId, reportId, jurisdictionIds: [lee.id] };
    expect(await rt.deliveries.claim(claim, claimedAt, 60_000)).toEqual({
      previousAttempts: 0,
      previousFailedRuns: 0,
    });
    const result = await publishReport(estimates);
    expect(result).toMatchObject({ sent: 0, failed: 0, skipped: 1 });
    expect(mailTo(email)).toHaveLength(1); // the confirmation only

    await service.dataSource.query(
      `UPDATE "${schema}".deliveries SET next_attempt_at = now() - interval '1 second' WHERE delivery_id = $1`,
      [deliveryId],
    );
    expect(await rt.sweeper.runOnce()).toMatchObject({ reports: 1, sent: 1 });
    expect(await rt.sweeper.runOnce()).toMatchObject({ reports: 0 });
    expect(mailTo(email).slice(1)).toHaveLength(1);
  });

  it('treats recording the same outcome again (a retry after a lost commit answer) as already done', async () => {
    const claim = {
      deliveryId: 'f'.repeat(32),
      watchId: await confirmedWatch('retry-desk@example.org', 'Lee County, FL'),
      reportId: 'e'.repeat(64),
      jurisdictionIds: ['county:12071'],
    };
    const at = new Date();
    await rt.deliveries.claim(claim, at, 60_000);
    const sent = {
      accepted: true as const,
      permanent: false,
      attempts: 1,
      smtpCode: null,
      reason: '250 2.0.0 accepted',
      messageId: '<x@y>',
    };
    const event = {
      subject: 'alert.sent' as const,
      data: {
        schemaVersion: 1 as const,
        reportId: claim.reportId,
        watchId: claim.watchId,
        deliveryId: claim.deliveryId,
        jurisdictionIds: claim.jurisdictionIds,
        attempts: 1,
        sentAt: at.toISOString(),
      },
    };
    await rt.deliveries.complete(claim.deliveryId, sent, at, event, null);
    await rt.deliveries.complete(claim.deliveryId, sent, at, event, null);
    expect(await rt.deliveries.get(claim.deliveryId)).toMatchObject({ status: 'sent', attempts: 1 });
    await expect(rt.deliveries.complete('0'.repeat(32), sent, at, event, null)).rejects.toThrow(
      'complete() without claim()',
    );
  });

  it('never sends an alert to an unconfirmed watch', async () => {
    const email = 'pending-desk@example.org';
    await withKey(http().post('/watches')).send({ email, jurisdiction: 'Travis County, Texas' }).expect(201);
    await publishReport(reportOf('pending', [{ entity: entities.travis }]));
    expect(mailTo(email)).toHaveLength(1); // the confirmation only
  });

  it('counts emails by outcome and consumed estimates on /metrics', async () => {
    const metrics = (await http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/detainer_emails_total\{[^}]*outcome="sent"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/detainer_emails_total\{[^}]*outcome="failed_permanent"[^}]*\} [1-9]/);
    const consumed = metrics.split('\n').filter((l) => l.startsWith('detainer_events_consumed_total{'));
    expect(
      consumed.filter((l) => l.includes('grant.exposure.estimated') && l.includes('outcome="ack"')),
    ).not.toEqual([]);
  });

  it('never logs an email address', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    const leaked = logs.lines.filter((l) => /[\w.+-]+@(example\.org|example\.com)/.test(l));
    expect(leaked).toEqual([]);
  });
});

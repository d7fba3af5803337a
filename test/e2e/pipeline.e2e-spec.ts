/**
 * The whole pipeline, five services as five processes started from their production entrypoints, over real
 * Postgres and NATS JetStream: a DDOR PDF linked from an index page is discovered by the fetcher, extracted,
 * classified, estimated, published, and mailed to the one watcher of Hartford, CT.
 */
import {
  DdorSite,
  EventCollector,
  SmtpSink,
  entityIdOf,
  Stack,
  http,
  httpOk,
  loadFixture,
  sha256Hex,
  type CollectedEvent,
  type Fixture,
  type ReceivedMail,
  sleep,
} from '../support';

const WATCHER = 'editor@newsroom.example';
const SOURCE_ID = 'ice-test-index';
const FIXTURE = 'week1-ice-letter-landscape';
// Each wait is bounded well inside the test's budget, so a stuck stage fails with its own message.
const STAGE_TIMEOUT_MS = 60_000;

interface WatchView {
  id: string;
  status: string;
  jurisdiction: { id: string; name: string; state: string; type: string };
}

describe('pipeline: index page -> fetcher -> extractor -> classifier -> grant -> notifier -> email', () => {
  let smtp: SmtpSink;
  let site: DdorSite;
  let stack: Stack;
  let events: EventCollector;
  let fixture: Fixture;
  let reportId: string;
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const mark = (label: string) => (timings[label] = Date.now() - t0);

  beforeAll(async () => {
    fixture = loadFixture(FIXTURE);
    reportId = sha256Hex(fixture.pdf);
    [smtp, site] = await Promise.all([SmtpSink.start(), DdorSite.start()]);
    site.publish('ddor-2017-01-28-to-2017-02-03.pdf', fixture.pdf);
    stack = await Stack.create({
      smtp,
      // Disabled: no cron run; the test checks it on demand with POST /sources/:id/check.
      fetcherSources: [{ id: SOURCE_ID, kind: 'index', url: site.indexUrl, enabled: false }],
    });
    mark('build checked');
    await stack.startAll();
    mark('five services ready');
    events = await EventCollector.start({
      natsUrl: stack.natsUrl,
      stream: stack.eventsStream,
      subjectPrefix: stack.subjectPrefix,
    });
  }, 150_000);

  afterAll(async () => {
    await events?.close();
    await stack?.cleanup();
    await Promise.all([smtp?.close(), site?.close()]);
    console.log(`pipeline e2e timings (ms since start): ${JSON.stringify(timings)}`);
  }, 60_000);

  const context = () => stack.tails();

  it('delivers every row as an event, one email with the estimate, and answers on every API', async () => {
    // A watch through the notifier's API, as a client would create it (confirmation is off in this run).
    const notifier = stack.url('notifier');
    const created = await http<WatchView>(`${notifier}/watches`, {
      method: 'POST',
      headers: { 'x-api-key': stack.notifierApiKey },
      json: { email: WATCHER, jurisdiction: 'Hartford, CT' },
    });
    expect({ status: created.status, text: created.text }).toEqual({ status: 201, text: expect.any(String) });
    const watch = created.body;
    expect(watch.status).toBe('confirmed');
    expect(watch.jurisdiction).toMatchObject({ state: 'CT', name: expect.stringMatching(/^Hartford/) });
    const hartfordId = watch.jurisdiction.id;

    // Discover the report on the index page now rather than on the cron.
    const check = await httpOk<{
      ok: boolean;
      results: { target: string; outcome: string; reportId?: string }[];
    }>(`${stack.url('report-fetcher')}/sources/${SOURCE_ID}/check`, { method: 'POST', timeoutMs: 60_000 });
    expect(check.ok).toBe(true);
    expect(check.results).toEqual([
      expect.objectContaining({ outcome: 'new_report', reportId, target: expect.stringContaining('.pdf') }),
    ]);
    mark('report fetched');

    // Every Section II row once, each a valid detainer.declined v1.
    const rows = fixture.truth.declined;
    const declined = await events.waitFor('detainer.declined', (e) => e.length >= rows.length, {
      timeoutMs: STAGE_TIMEOUT_MS,
      reportId,
      message: `${rows.length} detainer.declined events for report ${reportId}`,
      context,
    });
    mark('detainer.declined all received');
    const extracted = await events.waitFor('report.extracted', (e) => e.length >= 1, {
      timeoutMs: STAGE_TIMEOUT_MS,
      reportId,
      message: 'report.extracted',
      context,
    });
    expect(extracted).toHaveLength(1);
    const extract = extracted[0]!.envelope.data.extract as {
      declined: unknown[];
      policies: { jurisdiction: string }[];
      highestVolume: unknown[];
      periodStart: string;
      periodEnd: string;
      pageCount: number;
    };
    expect(extract.declined).toHaveLength(rows.length);
    expect(extract.policies).toHaveLength(fixture.truth.policies.length);
    expect(extract).toMatchObject({
      periodStart: fixture.truth.periodStart,
      periodEnd: fixture.truth.periodEnd,
      pageCount: fixture.truth.pageCount,
    });
    expect(extract.highestVolume).toHaveLength(fixture.truth.highestVolume.length);

    // Classification and estimates: one per resolved jurisdiction, positions 0..total-1, the same jurisdictions.
    const firstClassified = await events.waitFor('jurisdiction.classified', (e) => e.length >= 1, {
      timeoutMs: STAGE_TIMEOUT_MS,
      reportId,
      message: 'the first jurisdiction.classified',
      context,
    });
    const total = (firstClassified[0]!.envelope.data.position as { total: number }).total;
    const classified = await events.waitFor('jurisdiction.classified', (e) => e.length >= total, {
      timeoutMs: STAGE_TIMEOUT_MS,
      reportId,
      message: `${total} jurisdiction.classified events`,
      context,
    });
    mark('jurisdiction.classified all received');
    const estimated = await events.waitFor('grant.exposure.estimated', (e) => e.length >= total, {
      timeoutMs: STAGE_TIMEOUT_MS,
      reportId,
      message: `${total} grant.exposure.estimated events`,
      context,
    });
    mark('grant.exposure.estimated all received');

    // One email for the watch, with what the report says about Hartford and the estimate.
    const [mail] = await smtp.waitForMessages(1, { timeoutMs: STAGE_TIMEOUT_MS, to: WATCHER, context });
    mark('email received');
    const sent = await events.waitFor('alert.sent', (e) => e.length >= 1, {
      timeoutMs: STAGE_TIMEOUT_MS,
      reportId,
      message: 'alert.sent',
      context,
    });

    // Give a second email or a duplicate event time to show up before counting.
    await sleep(3000);
    mark('settled');

    // --- events: counts, ids, schema
    const again = (subject: string) => events.of(subject, reportId);
    expect(events.invalid().map((e) => `${e.subject} ${e.envelope.id}: ${e.schemaError}`)).toEqual([]);
    expect(again('detainer.declined')).toHaveLength(rows.length);
    expectUniqueIds(again('detainer.declined'));
    expect(declined.map((e) => e.envelope.id).sort()).toEqual(rows.map((_, i) => `${reportId}:${i}`).sort());
    for (const e of again('detainer.declined')) {
      const d = e.envelope.data as { rowIndex: number; rowCount: number; state: string; page: number };
      expect(d.rowCount).toBe(rows.length);
      const truth = rows[d.rowIndex]!;
      expect({ row: d.rowIndex, state: d.state, page: d.page }).toEqual({
        row: d.rowIndex,
        state: truth.state,
        page: truth.page,
      });
    }
    expect(again('report.extracted')).toHaveLength(1);
    expect(again('report.rejected')).toHaveLength(0);
    expect(again('report.fetched')).toHaveLength(1);
    expect(again('jurisdiction.classified')).toHaveLength(total);
    expectUniqueIds(again('jurisdiction.classified'));
    const positions = classified
      .map((e) => (e.envelope.data.position as { index: number }).index)
      .sort((a, b) => a - b);
    expect(positions).toEqual([...Array(total).keys()]);
    const classifiedIds = classified.map(entityIdOf).sort();
    expect(new Set(classifiedIds).size).toBe(total);
    expect(again('grant.exposure.estimated')).toHaveLength(total);
    expectUniqueIds(again('grant.exposure.estimated'));
    expect(estimated.map(entityIdOf).sort()).toEqual(classifiedIds);
    expect(classifiedIds).toContain(hartfordId);
    // The classifications cover every Section II row exactly once (rows whose name resolved).
    const declinedCovered = classified.reduce((n, e) => n + (e.envelope.data.declinedCount as number), 0);
    expect(declinedCovered).toBeLessThanOrEqual(rows.length);
    expect(again('alert.sent')).toHaveLength(1);
    expect(again('alert.failed')).toHaveLength(0);
    expect(sent[0]!.envelope.data).toMatchObject({
      watchId: watch.id,
      reportId,
      jurisdictionIds: [hartfordId],
    });

    // --- the email
    expect(smtp.to(WATCHER)).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
    expectAlertContent(mail!, fixture, watch, notifier);

    // --- the APIs
    const report = await httpOk<Record<string, unknown>>(`${stack.url('pdf-extractor')}/reports/${reportId}`);
    expect(JSON.stringify(report)).toContain(reportId);
    expect(report).toMatchObject({ reportId, status: 'extracted' });
    const fetched = await httpOk<Record<string, unknown>>(
      `${stack.url('report-fetcher')}/reports/${reportId}`,
    );
    expect(JSON.stringify(fetched)).toContain(reportId);

    const classifier = stack.url('jurisdiction-classifier');
    const listed = await httpOk<{ jurisdictions: { entity?: { id: string }; id?: string }[] }>(
      `${classifier}/reports/${reportId}/jurisdictions`,
    );
    expect(JSON.stringify(listed)).toContain(hartfordId);
    expect(listed.jurisdictions).toHaveLength(total);
    const hartford = await httpOk<Record<string, unknown>>(`${classifier}/jurisdictions/place:0937000`);
    expect(JSON.stringify(hartford)).toContain(reportId);

    const exposure = await httpOk<{ estimate: boolean; jurisdictions: unknown[] }>(
      `${stack.url('grant-exposure-calculator')}/exposure/report/${reportId}`,
    );
    expect(exposure.estimate).toBe(true);
    expect(exposure.jurisdictions).toHaveLength(total);
    expect(JSON.stringify(exposure)).toContain(hartfordId);

    expect(stack.unexpectedExits().map((p) => p.key)).toEqual([]);
    expect(await stack.notReady()).toEqual([]);
    mark('done');
  }, 170_000);
});

function expectUniqueIds(list: CollectedEvent[]): void {
  const ids = list.map((e) => e.envelope.id);
  expect(ids.length - new Set(ids).size).toBe(0);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function expectAlertContent(
  mail: ReceivedMail,
  fixture: Fixture,
  watch: WatchView,
  notifierUrl: string,
): void {
  const subject = mail.parsed.subject ?? '';
  expect(subject).toMatch(/Hartford/);
  expect(subject).toContain('January 28, 2017');
  expect(subject).toContain('February 3, 2017');
  const text = squash(mail.parsed.text ?? '');
  const html = mail.parsed.html || '';
  expect(html).not.toBe('');

  // Hartford's Section III row, as printed.
  const policy = fixture.truth.policies.find((p) => p.jurisdiction.startsWith('Hartford'))!;
  expect(text).toContain(squash(policy.policy));
  for (const c of policy.criteria) expect(text).toContain(squash(c));

  // Money at risk: labelled as an estimate, with a status on the total and on every line.
  expect(text).toMatch(/ESTIMATE: OJP grant money that could be at risk/);
  expect(text).toContain('estimates made from public award records, not amounts withheld');
  expect(text).toMatch(/Estimated total: .+ \((exact|partial|unknown): /);
  const lineStatuses =
    text.match(
      /\[(exact figure from the source|the source printed a rounded figure|unknown: no figure in the sources)\]/g,
    ) ?? [];
  const noLines = text.includes(
    'No award lines found for the selected programs and years (unknown, not zero)',
  );
  expect(lineStatuses.length > 0 || noLines).toBe(true);
  // An unknown total is never shown as zero.
  expect(text).not.toMatch(/Estimated total: \$0(\.00)? \(unknown/);

  // Unsubscribe: a link in the body and the RFC 8058 headers.
  const link = `${notifierUrl}/watches/${watch.id}/unsubscribe?token=`;
  expect(text).toContain(link);
  const header = (key: string) =>
    squash(mail.parsed.headerLines.find((h) => h.key === key)?.line.replace(/^[^:]+:/, '') ?? '');
  expect(header('list-unsubscribe')).toContain(`<${link}`);
  expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  expect(mail.to).toEqual([WATCHER]);
}

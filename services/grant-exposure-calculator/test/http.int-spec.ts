import request from 'supertest';
import { Subjects, type EventOf } from '@detainer-watch/contracts';
import type { Subscription } from '@detainer-watch/messaging';
import { bootstrapService, type RunningService } from '@detainer-watch/service-kit';
import { waitFor, POLL } from '@detainer-watch/testing';
import { grantExposureCalculator } from '../src';
import { figuresAvailable, fixturePath } from './support/fixtures';
import { CONNECTICUT, HARTFORD, REPORT_ID, classifiedEvent } from './support/events';
import { quietLogger, serveClassifier, startHarness, type Harness } from './support/harness';

jest.setTimeout(60_000);

const onRealFigures = figuresAvailable ? describe : describe.skip;

onRealFigures('the service over HTTP and @EventPattern (bootstrapService)', () => {
  let h: Harness;
  let service: RunningService<unknown>;
  const subscriptions: Subscription[] = [];
  const received: EventOf<typeof Subjects.GrantExposureEstimated>[] = [];

  beforeAll(async () => {
    h = await startHarness();
    subscriptions.push(await serveClassifier(h.bus));
    service = await bootstrapService({
      ...grantExposureCalculator,
      env: h.env,
      mode: 'embedded',
      logger: quietLogger,
      dataSourceFactory: async () => h.dataSource,
      busFactory: async () => h.bus,
    });
    subscriptions.push(
      await h.bus.consume(
        { durable: 'test-watcher', subject: Subjects.GrantExposureEstimated },
        async (e) => {
          received.push(e);
        },
      ),
    );
    // The reference ledger was loaded at start; its recipients resolve in the background.
    await waitFor(async () => (await h.components.ledger.countPending()) === 0, {
      ...POLL,
      message: "the reference ledger's recipients to be resolved",
    });
  });
  afterAll(async () => {
    await service.close();
    for (const s of subscriptions) await s.drain();
    await h.close();
  });

  it('GET /exposure: Connecticut by FIPS, FY2016, with lines and sources', async () => {
    const res = await request(service.url)
      .get('/exposure')
      .query({ jurisdiction: '09', fy: '2016', programs: 'JAG,SCAAP,COPS', clawback: '0' })
      .expect(200);
    expect(res.body.jurisdiction).toMatchObject({ id: 'state:09' });
    expect(res.body.exposure).toMatchObject({
      estimate: true,
      totalCents: 260000000,
      totalStatus: 'partial',
    });
    const [source] = res.body.exposure.lines[0].sources;
    const row = await request(service.url).get(`/ledger/rows/${source.ledgerRowId}`).expect(200);
    expect(row.body).toMatchObject({
      amountCents: 260000000,
      amountStatus: 'rounded',
      jurisdictionId: 'state:09',
      resolution: 'resolved',
      source: { file: expect.stringMatching(/figures\.csv$/), line: 80, url: source.url },
    });
  });

  it('GET /exposure: clear 400s naming the parameter, 404 for an unknown row', async () => {
    const missing = await request(service.url).get('/exposure').expect(400);
    expect(JSON.stringify(missing.body.message)).toMatch(/jurisdiction/);
    const badYear = await request(service.url)
      .get('/exposure')
      .query({ jurisdiction: '09', fy: '16' })
      .expect(400);
    expect(JSON.stringify(badYear.body.message)).toMatch(/four-digit fiscal years/);
    const badProgram = await request(service.url)
      .get('/exposure')
      .query({ jurisdiction: '09', programs: 'JAG,BYRNE' })
      .expect(400);
    expect(JSON.stringify(badProgram.body.message)).toMatch(/programs/);
    await request(service.url).get('/exposure').query({ jurisdiction: '0937' }).expect(400);
    await request(service.url).get('/ledger/rows/nothex').expect(400);
    await request(service.url)
      .get(`/ledger/rows/${'0'.repeat(32)}`)
      .expect(404);
  });

  it('POST /ledger/imports (multipart): counts, row errors and unresolved recipients; GET /ledger/unresolved', async () => {
    const res = await request(service.url)
      .post('/ledger/imports')
      .field('format', 'usaspending')
      .attach('file', fixturePath('usaspending-transactions.csv'))
      .expect(201);
    expect(res.body).toMatchObject({
      file: 'usaspending-transactions.csv',
      status: 'succeeded',
      records: 12,
      inserted: 5,
      errorCount: 5,
    });
    expect(res.body.errors[0]).toMatchObject({ at: 'usaspending-transactions.csv:8' });
    const unresolved = await request(service.url).get('/ledger/unresolved').expect(200);
    expect(Array.isArray(unresolved.body.recipients)).toBe(true);
    for (const r of unresolved.body.recipients) expect(['unresolved', 'pending']).toContain(r.resolution);

    const bad = await request(service.url)
      .post('/ledger/imports')
      .field('format', 'ojp')
      .attach('file', Buffer.from('name,amount\nx,1\n'), 'wrong.csv')
      .expect(422);
    expect(bad.body.message).toMatch(/missing column/);
    await request(service.url)
      .post('/ledger/imports')
      .field('format', 'xlsx')
      .attach('file', Buffer.from('a\n'), 'x.csv')
      .expect(400);
  });

  it('consumes jurisdiction.classified through @EventPattern and serves the report as JSON and CSV', async () => {
    await h.bus.publish(Subjects.JurisdictionClassified, classifiedEvent(HARTFORD, 0, 2));
    await h.bus.publish(Subjects.JurisdictionClassified, classifiedEvent(CONNECTICUT, 1, 2));
    await waitFor(() => received.length >= 2, { ...POLL, message: '2 grant.exposure.estimated events' });
    const json = await request(service.url).get(`/exposure/report/${REPORT_ID}`).expect(200);
    expect(json.body.jurisdictions.map((j: { jurisdictionId: string }) => j.jurisdictionId)).toEqual([
      'state:09',
      'place:0937000',
    ]);
    const csv = await request(service.url)
      .get(`/exposure/report/${REPORT_ID}`)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    // FY2017 with the FY2014-FY2016 clawback: JAG FY2016 "about $2.6 million" (figures.csv line 80) plus the made-up
    // SCAAP FY2016 obligation of $2,500,000 imported above (usaspending-transactions.csv line 4).
    expect(csv.text.split('\r\n')[1]).toMatch(
      /^1,state:09,Connecticut,state,CT,09,0,false,JAG SCAAP,2017,510000000,5100000\.00,partial,1,1,6,/,
    );
    // Hartford: the fixture's JAG obligations, $123,456.78 in FY2016 (line 2) and -$1,000.00 in FY2017 (line 3).
    expect(csv.text.split('\r\n')[2]).toMatch(
      /^2,place:0937000,Hartford city,city,CT,0937000,0,false,JAG SCAAP,2017,12245678,122456\.78,partial,2,0,6,/,
    );
    await request(service.url)
      .get(`/exposure/report/${'b'.repeat(64)}`)
      .expect(404);
    await request(service.url).get('/exposure/report/nope').expect(400);
  });
});

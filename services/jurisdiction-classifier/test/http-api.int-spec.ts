import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ResolveReply } from '@detainer-watch/contracts';
import { fixtureReport, reportExtracted, startHarness, type Harness } from './support/harness';
import { startHttpApp } from './support/http-app';

const week1 = fixtureReport('week1-ice-letter-landscape');
const week2 = fixtureReport('week2-letter-portrait-times');
const UNKNOWN_FACILITY = 'Zzyzx Holding Center';

describe('jurisdiction-classifier HTTP API over Postgres', () => {
  let h: Harness;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    h = await startHarness();
    expect((await h.classify.handle(reportExtracted(week1.extract))).status).toBe('classified');
    expect((await h.classify.handle(reportExtracted(week2.extract))).status).toBe('classified');
    app = await startHttpApp(h, h.directory);
  }, 60000);

  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('GET /resolve answers like the RPC and names a bad parameter', async () => {
    const ok = await http().get('/resolve').query({ q: 'Hartford, CT' }).expect(200);
    expect(ResolveReply.parse(ok.body).resolved).toMatchObject({ id: 'place:0937000', fips: '0937000' });
    const franklin = await http().get('/resolve').query({ q: 'Franklin County', state: 'oh' }).expect(200);
    expect(franklin.body.resolved.id).toBe('county:39049');
    const missing = await http().get('/resolve').expect(400);
    expect(missing.body.message).toMatch(/^invalid resolve request: q:/);
    const badState = await http().get('/resolve').query({ q: 'Hartford', state: 'Connecticut' }).expect(400);
    expect(badState.body.message).toMatch(/state:/);
  });

  it('GET /jurisdictions?state=CT lists the jurisdictions reports named there, with their latest appearance', async () => {
    const res = await http().get('/jurisdictions').query({ state: 'CT' }).expect(200);
    const list = res.body.jurisdictions as {
      id: string;
      state: string;
      latest: { reportId: string } | null;
    }[];
    expect(list.length).toBeGreaterThan(1);
    expect(list.every((j) => j.state === 'CT')).toBe(true);
    const hartford = list.find((j) => j.id === 'place:0937000')!;
    expect(hartford).toMatchObject({ name: 'Hartford city', fips: '0937000', type: 'city' });
    const inWeek2 = (await h.history.reportJurisdictions(week2.reportId)).some(
      (j) => j.entity.id === hartford.id,
    );
    expect(hartford.latest?.reportId).toBe(inWeek2 ? week2.reportId : week1.reportId);
    await http().get('/jurisdictions').query({ state: 'Connecticut' }).expect(400);
    await http().get('/jurisdictions').query({ limit: 'many' }).expect(400);
  });

  it('GET /jurisdictions/:id gives the entity and its history across reports', async () => {
    const res = await http().get('/jurisdictions/county:48453').expect(200);
    const travisRows = week1.extract.declined.filter((r) => r.state === 'TX' && r.county === 'Travis County');
    expect(res.body.entity).toMatchObject({ id: 'county:48453', name: 'Travis County', fips: '48453' });
    expect(res.body.firstSeen.reportId).toBe(week1.reportId);
    const first = res.body.appearances.find((a: { reportId: string }) => a.reportId === week1.reportId);
    expect(first).toMatchObject({
      periodEnd: '2017-02-03',
      declinedCount: travisRows.length,
      policyListed: true,
      isNew: true,
      rawNames: expect.arrayContaining(['Travis County']),
    });
    expect(first.categories.length).toBeGreaterThan(0);
    // Both Section III rows the report lists for Travis County, in report order, with their pages.
    expect(first.policies).toEqual(
      week1.extract.policies.filter((p) => p.jurisdiction === 'Travis County, Texas'),
    );
    expect(first.policies.map((p: { dateEnacted: string; page: number }) => [p.dateEnacted, p.page])).toEqual(
      [
        ['January 2017', 20],
        ['July 2014', 24],
      ],
    );
    const dropped = (await h.history.reportDropped(week2.reportId))[0];
    const gone = await http()
      .get(`/jurisdictions/${encodeURIComponent(dropped.id)}`)
      .expect(200);
    expect(gone.body.droppedIn).toEqual([
      { reportId: week2.reportId, periodEnd: '2017-02-10', previousReportId: week1.reportId },
    ]);
    const never = await http().get('/jurisdictions/state:56').expect(200);
    expect(never.body).toMatchObject({ listed: false, appearances: [], entity: { name: 'Wyoming' } });
    const unknown = await http().get('/jurisdictions/county:99999').expect(404);
    expect(unknown.body.message).toMatch(/county:99999/);
  });

  it('GET /reports/:reportId/jurisdictions lists the report’s jurisdictions, unresolved names and drops', async () => {
    const res = await http().get(`/reports/${week2.reportId}/jurisdictions`).expect(200);
    expect(res.body.report).toMatchObject({ reportId: week2.reportId, previousReportId: week1.reportId });
    expect(res.body.jurisdictions.length).toBe(res.body.report.jurisdictionCount);
    expect(
      res.body.jurisdictions.map((j: { appearance: { position: number } }) => j.appearance.position),
    ).toEqual([...Array(res.body.report.jurisdictionCount).keys()]);
    expect(res.body.unresolved.length).toBe(res.body.report.unresolvedCount);
    expect(res.body.dropped.length).toBeGreaterThan(0);
    const bad = await http().get('/reports/abc/jurisdictions').expect(400);
    expect(bad.body.message).toMatch(/report id/);
    await http()
      .get(`/reports/${'0'.repeat(64)}/jurisdictions`)
      .expect(404);
  });

  it('facility aliases added through the API are used at once and after a restart, and can be removed', async () => {
    const before = await http().get('/resolve').query({ q: UNKNOWN_FACILITY, state: 'TX' }).expect(200);
    expect(before.body.resolved).toBeNull();

    const bad = await http()
      .post('/facility-aliases')
      .send({ alias: UNKNOWN_FACILITY, state: 'TX', entityId: 'county:06001' })
      .expect(400);
    expect(bad.body.message).toMatch(/county:06001.*is in CA, not in TX/);
    const noId = await http()
      .post('/facility-aliases')
      .send({ alias: UNKNOWN_FACILITY, state: 'TX' })
      .expect(400);
    expect(noId.body.message).toMatch(/entityId/);

    const added = await http()
      .post('/facility-aliases')
      .send({ alias: UNKNOWN_FACILITY, state: 'tx', entityId: 'county:48453' })
      .expect(201);
    expect(added.body.alias).toMatchObject({
      state: 'TX',
      alias: UNKNOWN_FACILITY,
      entityId: 'county:48453',
    });
    const now = await http().get('/resolve').query({ q: UNKNOWN_FACILITY, state: 'TX' }).expect(200);
    expect(now.body.resolved).toMatchObject({ type: 'facility', parentId: 'county:48453' });
    const listed = await http().get('/facility-aliases').query({ state: 'TX' }).expect(200);
    expect(listed.body.aliases.map((a: { id: string }) => a.id)).toEqual([added.body.alias.id]);

    // Restart: a new process builds its resolver from the shipped data and the stored aliases.
    await app.close();
    app = await startHttpApp(h, await h.restartDirectory());
    const afterRestart = await http()
      .get('/resolve')
      .query({ q: `${UNKNOWN_FACILITY}, TX` })
      .expect(200);
    expect(afterRestart.body.resolved).toMatchObject({ type: 'facility', parentId: 'county:48453' });

    await http().delete(`/facility-aliases/${added.body.alias.id}`).expect(200);
    await http().delete(`/facility-aliases/${added.body.alias.id}`).expect(404);
    await http().delete('/facility-aliases/abc').expect(400);
    const removed = await http().get('/resolve').query({ q: UNKNOWN_FACILITY, state: 'TX' }).expect(200);
    expect(removed.body.resolved).toBeNull();
  });

  it('a stored alias overrides a shipped one and removing it restores the shipped one', async () => {
    const shipped = h.directory.resolver.facilityAliases
      .list('TX')
      .find((a) => a.operatorId === 'county:48453')!;
    expect(shipped).toBeDefined();
    const added = await http()
      .post('/facility-aliases')
      .send({ alias: shipped.name, state: 'TX', entityId: 'county:48029' })
      .expect(201);
    const redirected = await http().get('/resolve').query({ q: shipped.name, state: 'TX' }).expect(200);
    expect(redirected.body.resolved.parentId).toBe('county:48029');
    await http()
      .post('/facility-aliases')
      .send({ alias: shipped.name, state: 'TX', entityId: 'county:48201' })
      .expect(200);
    await http().delete(`/facility-aliases/${added.body.alias.id}`).expect(404);
    const [current] = (await http().get('/facility-aliases').query({ state: 'TX' }).expect(200)).body.aliases;
    await http().delete(`/facility-aliases/${current.id}`).expect(200);
    const restored = await http().get('/resolve').query({ q: shipped.name, state: 'TX' }).expect(200);
    expect(restored.body.resolved.parentId).toBe('county:48453');
  });
});

import { createHash } from 'node:crypto';
import { JurisdictionClassifiedV1, Subjects, type EventOf } from '@detainer-watch/contracts';
import type { Subscription } from '@detainer-watch/messaging';
import { REPORT_EXTRACTED_CONSUMER, type ClassifyOutcome } from '../src';
import { sleep, waitFor, POLL } from '@detainer-watch/testing';
import { fixtureReport, reportExtracted, startHarness, type Harness } from './support/harness';

type Classified = EventOf<typeof Subjects.JurisdictionClassified>;

const week1 = fixtureReport('week1-ice-letter-landscape');
const week2 = fixtureReport('week2-letter-portrait-times');
const week3 = fixtureReport('week3-a4-landscape-grouped');
// A corrected week 2: the same period re-published under new bytes that supersede the first ones.
const week2fixId = createHash('sha256').update('week 2, corrected').digest('hex');
const week2fix = {
  reportId: week2fixId,
  extract: { ...week2.extract, reportId: week2fixId, declined: week2.extract.declined.slice(1) },
};

describe('jurisdiction-classifier: report.extracted → jurisdiction.classified over Postgres and JetStream', () => {
  let h: Harness;
  const outcomes: { reportId: string; deliveryCount: number; outcome: ClassifyOutcome }[] = [];
  const received: Classified[] = [];
  const subs: Subscription[] = [];
  const of = (reportId: string) => received.filter((e) => e.data.report.reportId === reportId);
  const byEntity = (reportId: string) => new Map(of(reportId).map((e) => [e.data.entity.id, e.data]));

  beforeAll(async () => {
    h = await startHarness();
    let crashedOnce = false;
    // The consumer as the Nest transport runs it; the first week-1 delivery "crashes" after its commit, before the ack.
    subs.push(
      await h.bus.consume(
        { durable: REPORT_EXTRACTED_CONSUMER, subject: Subjects.ReportExtracted, backoffMs: [200] },
        async (event, ctx) => {
          const outcome = await h.classify.handle(event);
          outcomes.push({ reportId: event.data.reportId, deliveryCount: ctx.deliveryCount, outcome });
          if (event.data.reportId === week1.reportId && !crashedOnce) {
            crashedOnce = true;
            throw new Error('simulated crash between commit and ack');
          }
        },
      ),
    );
    subs.push(
      await h.bus.consume(
        { durable: 'test_subscriber', subject: Subjects.JurisdictionClassified, concurrency: 8 },
        async (event) => {
          received.push(event);
        },
      ),
    );
  }, 60000);

  afterAll(async () => {
    await Promise.allSettled(subs.map((s) => s.drain()));
    await h?.close();
  });

  async function publishAndSettle(
    report: { reportId: string; extract: typeof week1.extract },
    opts: { supersedes?: string } = {},
  ): Promise<number> {
    await h.bus.publish(Subjects.ReportExtracted, reportExtracted(report.extract, opts));
    await waitFor(
      () => outcomes.some((o) => o.reportId === report.reportId && o.outcome.status === 'classified'),
      { ...POLL, message: `classification of ${report.reportId}` },
    );
    const classified = outcomes.find(
      (o) => o.reportId === report.reportId && o.outcome.status === 'classified',
    )!;
    const total = (classified.outcome as { jurisdictions: number }).jurisdictions;
    await waitFor(() => of(report.reportId).length >= total, {
      ...POLL,
      message: `${total} jurisdiction.classified events`,
    });
    return total;
  }

  it('publishes one valid jurisdiction.classified per resolved jurisdiction, with the counts the report prints', async () => {
    const total = await publishAndSettle(week1);
    // The crashed first delivery was redelivered and found in the inbox.
    await waitFor(() => outcomes.filter((o) => o.reportId === week1.reportId).length === 2, {
      ...POLL,
      message: 'the redelivery',
    });
    await sleep(1000);
    expect(
      outcomes.filter((o) => o.reportId === week1.reportId).map((o) => [o.deliveryCount, o.outcome.status]),
    ).toEqual([
      [1, 'classified'],
      [2, 'duplicate'],
    ]);

    const events = of(week1.reportId);
    expect(total).toBeGreaterThan(100);
    expect(events).toHaveLength(total);
    expect(new Set(events.map((e) => e.id)).size).toBe(total);
    for (const e of events) {
      expect(() => JurisdictionClassifiedV1.parse(e.data)).not.toThrow();
      expect(e.id).toBe(`${week1.reportId}:${e.data.entity.id}`);
      expect(e.reportid).toBe(week1.reportId);
      expect(e.data.position.total).toBe(total);
      expect(e.data.isNew).toBe(true);
      expect(e.data.previousReportId).toBeNull();
    }
    expect(events.map((e) => e.data.position.index).sort((a, b) => a - b)).toEqual([...Array(total).keys()]);

    const byId = byEntity(week1.reportId);
    const travisRows = week1.extract.declined.filter((r) => r.state === 'TX' && r.county === 'Travis County');
    expect(travisRows.length).toBeGreaterThan(10);
    expect(byId.get('county:48453')).toMatchObject({
      entity: { name: 'Travis County', fips: '48453', type: 'county' },
      declinedCount: travisRows.length,
    });
    expect(byId.get('place:0937000')?.entity).toMatchObject({ name: 'Hartford city', fips: '0937000' });
    expect(byId.get('cousub:0900922910')?.entity).toMatchObject({
      type: 'town',
      fips: '0900922910',
      state: 'CT',
    });
    expect(byId.get('cousub:0900922910')?.policies.map((p) => p.jurisdiction)).toEqual([
      'East Haven. Connecticut',
    ]);
    // Travis County is listed twice in Section III (an older and a newer policy): the event carries both rows.
    const travisPolicies = week1.extract.policies.filter((p) => p.jurisdiction === 'Travis County, Texas');
    expect(travisPolicies).toHaveLength(2);
    expect(byId.get('county:48453')?.policies).toEqual(travisPolicies);
    const stored = await h.history.reportJurisdictions(week1.reportId);
    const storedTravis = stored.find((j) => j.entity.id === 'county:48453')!.appearance;
    expect(storedTravis).toMatchObject({ policyListed: true, policies: travisPolicies });
    const unlisted = stored.find((j) => j.appearance.policies.length === 0)!;
    expect(unlisted.appearance.policyListed).toBe(false);

    // Every Section II row counts for one jurisdiction or is kept as an unresolved name.
    const unresolved = await h.history.reportUnresolved(week1.reportId);
    const unresolvedRows = unresolved
      .filter((u) => u.section === 'II')
      .reduce((n, u) => n + u.rows.length, 0);
    const counted = events.reduce((n, e) => n + e.data.declinedCount, 0);
    expect(counted + unresolvedRows).toBe(week1.extract.declined.length);
    for (const e of events) expect(e.data.unresolvedInReport).toBe(unresolved.length);
    expect(unresolved.every((u) => u.reason.length > 0)).toBe(true);
    expect(unresolved.some((u) => u.candidates.length > 0)).toBe(true);
  });

  it('stores the report once, whatever redelivers it', async () => {
    const pending = async () =>
      (await h.dataSource.query('SELECT count(*)::int AS outbox FROM outbox'))[0].outbox as number;
    // Everything enqueued so far sent (sent rows leave the outbox) before counting what the relay sends.
    await waitFor(async () => (await pending()) === 0, { ...POLL, message: 'the outbox to drain' });
    const sentBefore = h.relayed.length;
    const again = await h.classify.handle(reportExtracted(week1.extract));
    expect(again).toEqual({ status: 'duplicate' });
    const [{ n }] = await h.dataSource.query(
      'SELECT count(*)::int AS n FROM appearance WHERE report_id = $1',
      [week1.reportId],
    );
    expect(n).toBe(of(week1.reportId).length);
    // Nothing enqueued again: the relay sent nothing more, and nothing waits in the outbox.
    await sleep(500);
    expect(h.relayed.length).toBe(sentBefore);
    expect(await pending()).toBe(0);
    // The same report under another event id (re-extraction) is recognised too.
    const other = { ...reportExtracted(week1.extract), id: `${week1.reportId}:re-extracted` };
    expect(await h.classify.handle(other)).toEqual({ status: 'already_classified' });
  });

  it('compares the next report with the previous one: repeated jurisdictions are not new, missing ones are dropped', async () => {
    await publishAndSettle(week2);
    const first = byEntity(week1.reportId);
    const second = byEntity(week2.reportId);
    const repeated = [...second.keys()].filter((id) => first.has(id));
    const fresh = [...second.keys()].filter((id) => !first.has(id));
    const dropped = [...first.keys()].filter((id) => !second.has(id)).sort();
    expect(repeated.length).toBeGreaterThan(0);
    expect(fresh.length).toBeGreaterThan(0);
    expect(dropped.length).toBeGreaterThan(0);
    for (const id of repeated)
      expect(second.get(id)).toMatchObject({ isNew: false, previousReportId: week1.reportId });
    for (const id of fresh)
      expect(second.get(id)).toMatchObject({ isNew: true, previousReportId: week1.reportId });
    expect((await h.history.reportDropped(week2.reportId)).map((e) => e.id).sort()).toEqual(dropped);
    expect((await h.history.report(week2.reportId))?.previousReportId).toBe(week1.reportId);
  });

  it('compares a correction with the report before the one it supersedes, so nothing becomes new through it', async () => {
    await publishAndSettle(week2fix, { supersedes: week2.reportId });
    const original = byEntity(week2.reportId);
    const corrected = byEntity(week2fix.reportId);
    expect(corrected.size).toBeGreaterThan(0);
    for (const [id, c] of corrected) {
      expect(c.previousReportId).toBe(week1.reportId);
      if (original.has(id)) expect(c.isNew).toBe(original.get(id)!.isNew);
    }
    expect((await h.history.report(week2.reportId))?.supersededBy).toBe(week2fix.reportId);

    // The next week compares with the correction, not with the report it replaced.
    await publishAndSettle(week3);
    const third = byEntity(week3.reportId);
    for (const [id, c] of third) {
      expect(c.previousReportId).toBe(week2fix.reportId);
      expect(c.isNew).toBe(!corrected.has(id));
    }
  });
});

import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseEvent, Subjects, type EventOf } from '@detainer-watch/contracts';
import type { Subscription } from '@detainer-watch/messaging';
import { OutboxRelay } from '@detainer-watch/persistence';
import { waitFor, sleep, POLL } from '@detainer-watch/testing';
import estimatedSchema from '../../../libs/contracts/generated/json-schema/grant.exposure.estimated.v1.json';
import { estimatesToCsv, REPORT_CSV_COLUMNS } from '../src/exposure/report-csv';
import { figuresAvailable } from './support/fixtures';
import { CONNECTICUT, HARTFORD, REPORT_ID, TOLLAND, TWO_POLICIES, classifiedEvent } from './support/events';
import { quietLogger, serveClassifier, startHarness, type Harness } from './support/harness';

jest.setTimeout(60_000);

type Estimated = EventOf<typeof Subjects.GrantExposureEstimated>;
const onRealFigures = figuresAvailable ? describe : describe.skip;

onRealFigures('jurisdiction.classified → grant.exposure.estimated over JetStream', () => {
  let h: Harness;
  let relay: OutboxRelay;
  const subscriptions: Subscription[] = [];
  const received: Estimated[] = [];
  /** Every outbox row the relay sent (sent rows leave the outbox, so this is what shows a second enqueue). */
  const relayed: string[] = [];
  const events = [
    classifiedEvent(CONNECTICUT, 0, 3),
    classifiedEvent(HARTFORD, 1, 3, REPORT_ID, TWO_POLICIES),
    classifiedEvent(TOLLAND, 2, 3),
  ];

  beforeAll(async () => {
    h = await startHarness();
    subscriptions.push(await serveClassifier(h.bus));
    await h.components.loadReferenceLedger.execute();
    await h.components.resolvePending.execute();
    relay = new OutboxRelay({
      dataSource: h.dataSource,
      publisher: h.bus,
      logger: quietLogger,
      pollIntervalMs: 100,
      observer: { relayed: (subject) => relayed.push(subject) },
    });
    await relay.start();
    subscriptions.push(
      await h.bus.consume(
        { durable: 'grant-exposure-calculator', subject: Subjects.JurisdictionClassified },
        async (event) => {
          await h.components.estimateClassified.execute(event);
        },
      ),
      await h.bus.consume(
        { durable: 'test-watcher', subject: Subjects.GrantExposureEstimated },
        async (event) => {
          received.push(event);
        },
      ),
    );
    for (const event of events) await h.bus.publish(Subjects.JurisdictionClassified, event);
    await waitFor(() => received.length >= 3, { ...POLL, message: '3 grant.exposure.estimated events' });
  });
  afterAll(async () => {
    for (const s of subscriptions) await s.drain();
    await relay.stop();
    await h.close();
  });

  it('publishes exactly one estimate per classified jurisdiction, valid against the contract and its JSON Schema', async () => {
    expect(received.map((e) => e.id).sort()).toEqual(
      [CONNECTICUT, HARTFORD, TOLLAND].map((e) => `${REPORT_ID}:${e.id}:exposure`).sort(),
    );
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(estimatedSchema);
    for (const event of received) {
      const wire = JSON.parse(JSON.stringify(event));
      expect(parseEvent(Subjects.GrantExposureEstimated, wire)).toEqual(wire);
      expect(validate(wire) ? null : validate.errors).toBeNull();
      expect(event.reportid).toBe(REPORT_ID);
      const sent = events.find((e) => e.data.entity.id === event.data.classification.entity.id)!;
      const { schemaVersion: _v, ...classification } = sent.data;
      expect(event.data.classification).toEqual(classification);
    }
    // Every Section III row the classification listed travels on, in order.
    const hartford = received.find((e) => e.data.classification.entity.id === HARTFORD.id)!;
    expect(hartford.data.classification.policies).toEqual(TWO_POLICIES);
  });

  it('estimates the report period fiscal year (FY2017) with JAG and SCAAP and a three-year clawback; unknown stays null', () => {
    const byId = new Map(received.map((e) => [e.data.classification.entity.id, e.data.exposure]));
    const ct = byId.get('state:09')!;
    expect(ct).toMatchObject({
      programs: ['JAG', 'SCAAP'],
      fiscalYears: [2017],
      totalCents: 260000000,
      totalStatus: 'partial',
    });
    expect(
      ct.lines.filter((l) => l.amountCents !== null).map((l) => [l.program, l.fiscalYear, l.basis, l.status]),
    ).toEqual([['JAG', 2016, 'clawback', 'rounded']]);
    for (const id of ['place:0937000', 'county:09013']) {
      expect(byId.get(id)).toMatchObject({ totalCents: null, totalStatus: 'unknown' });
      expect(byId.get(id)!.lines.every((l) => l.amountCents === null && l.status === 'unknown')).toBe(true);
    }
  });

  it('a redelivered jurisdiction.classified changes and sends nothing', async () => {
    expect(await h.components.estimateClassified.execute(events[1])).toEqual({ duplicate: true });
    await h.bus.publish(Subjects.JurisdictionClassified, events[0]);
    await sleep(1500);
    expect(received).toHaveLength(3);
    expect(relayed.filter((s) => s === Subjects.GrantExposureEstimated)).toHaveLength(3);
    await waitFor(
      async () => {
        const [{ n }] = await h.dataSource.query('SELECT count(*)::int AS n FROM outbox');
        return n === 0;
      },
      { ...POLL, message: 'the outbox to drain' },
    );
    expect(await h.dataSource.query('SELECT count(*)::int AS n FROM exposure_estimates')).toEqual([{ n: 3 }]);
  });

  it("lists the report's jurisdictions by amount at risk, unknown last, and exports them as CSV with exact figures", async () => {
    const listed = await h.components.estimates.listForReport(REPORT_ID);
    expect(listed.map((e) => e.jurisdictionId)).toEqual(['state:09', 'county:09013', 'place:0937000']);
    const records: Record<string, string>[] = parseCsv(estimatesToCsv(listed), { columns: true });
    expect(Object.keys(records[0])).toEqual([...REPORT_CSV_COLUMNS]);
    expect(
      records.map((r) => [
        r.rank,
        r.jurisdiction_id,
        r.amount_at_risk_cents,
        r.amount_at_risk_dollars,
        r.total_status,
        r.policy_listed,
      ]),
    ).toEqual([
      ['1', 'state:09', '260000000', '2600000.00', 'partial', 'false'],
      ['2', 'county:09013', '', '', 'unknown', 'false'],
      ['3', 'place:0937000', '', '', 'unknown', 'true'],
    ]);
    expect(records[0]).toMatchObject({
      name: 'Connecticut',
      fips: '09',
      fiscal_years: '2017',
      programs: 'JAG SCAAP',
      lines_rounded: '1',
    });
  });
});

/**
 * Scale-out: the pipeline with two replicas of the extractor, the classifier and the notifier (same schema, same
 * durable consumers). The replicas share the work (each processes something), nothing is processed or mailed twice,
 * and a replica SIGKILLed in the middle of a second batch loses nothing.
 */
import {
  EventCollector,
  SmtpSink,
  Stack,
  reportsNaming,
  sleep,
  waitThroughPipeline,
  type ServiceName,
} from '../support';
import { expectedDeclinedIds, generateDdors, uploadReport } from '../faults/helpers';
import { expectDeliveredOnce } from '../faults/delivered-once';

const SCALED: ServiceName[] = ['pdf-extractor', 'jurisdiction-classifier', 'notifier'];
const WATCH = { email: 'scale@newsroom.example', jurisdiction: 'Travis County, TX' };
const WAIT_MS = 90_000;

/** Deliveries a replica handled successfully, from its /metrics. */
async function handled(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  let n = 0;
  for (const line of text.split('\n'))
    if (line.startsWith('detainer_events_consumed_total{') && line.includes('outcome="ack'))
      n += Number(line.split(' ').pop());
  return n;
}

describe('scale: two replicas of extractor, classifier and notifier', () => {
  let smtp: SmtpSink;
  let stack: Stack;
  let events: EventCollector;
  let watchJurisdiction = '';

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    stack = await Stack.create({ smtp });
    await stack.startAll();
    await Promise.all(SCALED.map((name) => stack.start(name, { replica: 2 })));
    events = await EventCollector.start({
      natsUrl: stack.natsUrl,
      stream: stack.eventsStream,
      subjectPrefix: stack.subjectPrefix,
    });
    watchJurisdiction = (await stack.addWatch(WATCH)).jurisdictionId;
  }, 170_000);

  afterAll(async () => {
    await events?.close();
    await stack?.cleanup();
    await smtp?.close();
  }, 60_000);

  const context = () => stack.tails(10);

  it('shares the work, processes and mails each thing once, and loses nothing when a replica dies', async () => {
    const reports = await generateDdors(8, 25, 500);
    const batch1 = reports.slice(0, 5);
    const batch2 = reports.slice(5);

    await Promise.all(batch1.map((r) => uploadReport(stack, r.pdf)));
    const mailed1 = reportsNaming(
      await waitThroughPipeline(
        events,
        batch1.map((r) => r.reportId),
        expectedDeclinedIds(batch1).length,
        { timeoutMs: WAIT_MS, context },
      ),
      watchJurisdiction,
    );
    await smtp.waitForMessages(mailed1.length, { timeoutMs: WAIT_MS, context });
    const share: Record<string, [number, number]> = {};
    for (const name of SCALED)
      share[name] = [await handled(stack.url(name, 1)), await handled(stack.url(name, 2))];
    console.log(`scale: successful deliveries per replica after batch 1: ${JSON.stringify(share)}`);
    for (const name of SCALED)
      expect({ name, bothWorked: share[name]!.every((n) => n > 0) }).toEqual({ name, bothWorked: true });

    // Batch 2: replica 2 of every scaled service is SIGKILLed while it runs.
    const uploads = Promise.all(batch2.map((r) => uploadReport(stack, r.pdf)));
    await sleep(1500);
    const notifierKilledAt = Date.now();
    await Promise.all(SCALED.map((name) => stack.kill(name, { replica: 2 })));
    await uploads;
    await expectDeliveredOnce({
      stack,
      events,
      smtp,
      reports,
      watch: { email: WATCH.email, jurisdictionId: watchJurisdiction },
      timeoutMs: WAIT_MS,
      context,
      notifierKilledAt,
    });
  }, 170_000);
});

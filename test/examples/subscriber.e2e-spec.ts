import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createEvent, Subjects } from '@detainer-watch/contracts';
import { JetStreamBus } from '@detainer-watch/messaging';
import { cleanupStreams, startTestInfra, testBusOptions, type TestInfra } from '@detainer-watch/testing';

const root = join(__dirname, '..', '..');
const reportId = 'c'.repeat(64);

const row = (rowIndex: number) =>
  createEvent(Subjects.DetainerDeclined, {
    id: `${reportId}:${rowIndex}`,
    source: 'pdf-extractor',
    reportId,
    data: {
      schemaVersion: 1,
      reportId,
      rowIndex,
      rowCount: 3,
      period: { start: '2017-01-28', end: '2017-02-03' },
      sourceUrl: null,
      state: 'TX',
      county: 'Travis',
      facility: 'Travis County Jail',
      citizenship: 'Mexico',
      notableCriminalActivity: 'Driving While Intoxicated',
      detainerIssued: '2016-12-21',
      detainerDeclined: '2017-02-01',
      page: 7 + rowIndex,
    },
  });

describe('examples/subscribe-detainer-declined.ts (the README subscriber)', () => {
  let infra: TestInfra;
  let bus: JetStreamBus;
  let names: ReturnType<typeof testBusOptions>;

  beforeAll(async () => {
    infra = await startTestInfra();
    names = testBusOptions(infra.natsUrl);
    bus = await JetStreamBus.connect({ ...names, name: 'example-test' });
    await bus.provision();
  });

  afterAll(async () => {
    await bus.close();
    await cleanupStreams(infra.natsUrl, names.streamPrefix);
    await infra.stop();
  });

  it('receives every row once, validated against the published JSON Schema, even when one is published twice', async () => {
    for (const i of [0, 1, 1, 2]) await bus.publish(Subjects.DetainerDeclined, row(i));
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/subscribe-detainer-declined.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NATS_URL: infra.natsUrl,
        NATS_SUBJECT_PREFIX: names.subjectPrefix,
        NATS_STREAM_PREFIX: names.streamPrefix,
        STOP_AFTER: '3',
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; page: number });
    expect(lines.map((l) => l.id)).toEqual([0, 1, 2].map((i) => `${reportId}:${i}`));
    expect(lines.map((l) => l.page)).toEqual([7, 8, 9]);
  }, 60_000);
});

import { testBusOptions } from './nats';
import { uniqueRunId } from './run-id';

describe('uniqueRunId / testBusOptions', () => {
  it('gives ids valid as schema, subject token, stream and bucket names, unique per call', () => {
    const ids = new Set(Array.from({ length: 200 }, () => uniqueRunId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]{8,30}$/);
  });

  it('derives subject and stream prefixes from the run id', () => {
    expect(testBusOptions('nats://h:4222', 'rabc')).toEqual({
      servers: ['nats://h:4222'],
      subjectPrefix: 't.rabc.',
      streamPrefix: 'T_rabc_',
    });
  });

  it("splits a cluster's comma-separated NATS_URL into its servers", () => {
    expect(testBusOptions('nats://a:4222,nats://b:4222', 'rabc').servers).toEqual([
      'nats://a:4222',
      'nats://b:4222',
    ]);
  });
});

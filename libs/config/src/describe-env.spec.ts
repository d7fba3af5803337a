import { z } from 'zod';
import { describeEnv } from './describe-env';
import { natsEnv } from './fragments';

describe('describeEnv', () => {
  it('lists name, required, default and description of each variable', () => {
    expect(describeEnv(natsEnv)).toEqual([
      { name: 'NATS_URL', required: true, description: 'NATS server URL(s)' },
      {
        name: 'NATS_SUBJECT_PREFIX',
        required: false,
        default: '',
        description: expect.stringContaining('namespace prepended'),
      },
      {
        name: 'NATS_STREAM_PREFIX',
        required: false,
        default: 'DETAINER_',
        description: 'prefix of every JetStream stream name',
      },
      {
        name: 'NATS_STREAM_REPLICAS',
        required: false,
        default: '1',
        description: expect.stringContaining('copies of each JetStream stream'),
      },
      {
        name: 'NATS_ACK_WAIT_MS',
        required: false,
        default: '30000',
        description: expect.stringContaining('replica that died'),
      },
    ]);
  });

  it('finds descriptions on inner types and treats optional variables as not required', () => {
    const schema = z.object({ A: z.coerce.number().describe('inner').optional(), B: z.string() });
    expect(describeEnv(schema)).toEqual([
      { name: 'A', required: false, description: 'inner' },
      { name: 'B', required: true },
    ]);
  });
});

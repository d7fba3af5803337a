import { connect } from 'nats';
import { uniqueRunId } from './run-id';

export interface TestBusNames {
  servers: string[];
  /** Subject namespace for this run, e.g. `t.r1ab2c3.` */
  subjectPrefix: string;
  /** Stream and bucket namespace for this run, e.g. `T_r1ab2c3_` */
  streamPrefix: string;
}

/** The servers of a NATS_URL-style value: one URL, or a cluster's URLs separated by commas. */
export const natsServers = (natsUrl: string): string[] => natsUrl.split(',');

/** Prefixes that keep one run's streams, subjects and buckets apart from every other run on the same server. */
export function testBusOptions(natsUrl: string, runId: string = uniqueRunId()): TestBusNames {
  return { servers: natsServers(natsUrl), subjectPrefix: `t.${runId}.`, streamPrefix: `T_${runId}_` };
}

/**
 * Deletes the streams of one run: those named with its prefix and the object-store buckets (`OBJ_<bucket>`) whose
 * bucket name starts with the lower-cased prefix. Returns the names deleted.
 */
export async function cleanupStreams(natsUrl: string, streamPrefix: string): Promise<string[]> {
  if (streamPrefix.length < 3)
    throw new Error(`refusing to clean up streams with the short prefix '${streamPrefix}'`);
  const nc = await connect({ servers: natsServers(natsUrl), name: 'test-cleanup' });
  try {
    const jsm = await nc.jetstreamManager();
    const bucketStreams = `OBJ_${streamPrefix.toLowerCase()}`;
    const deleted: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(streamPrefix) || name.startsWith(bucketStreams)) {
        await jsm.streams.delete(name);
        deleted.push(name);
      }
    }
    return deleted;
  } finally {
    await nc.close();
  }
}

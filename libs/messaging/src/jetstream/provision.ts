import {
  DiscardPolicy,
  NatsError,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';
import type { Logger } from 'pino';

export interface StreamSpec {
  name: string;
  subjects: string[];
  duplicateWindowMs: number;
  /** Copies kept by a NATS cluster; 1 on a single server. */
  replicas: number;
}

/** JetStream API error 10059: stream not found. */
export const isStreamNotFound = (err: unknown): boolean =>
  err instanceof NatsError && err.api_error?.err_code === 10059;

/**
 * Creates the stream, or brings an existing one's subjects and dedupe window up to date, so every service can call
 * it at start without coordinating. Storage cannot change in place; a memory stream where a file stream is wanted
 * is an error an operator must resolve, not something to paper over.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec, logger: Logger): Promise<void> {
  const wanted: Partial<StreamConfig> = {
    name: spec.name,
    subjects: spec.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(spec.duplicateWindowMs),
    // Direct get lets readers fetch by subject and sequence without creating a consumer.
    allow_direct: true,
    num_replicas: spec.replicas,
  };
  try {
    const info = await jsm.streams.info(spec.name);
    if (info.config.storage !== StorageType.File) {
      throw new Error(
        `stream ${spec.name} exists with ${info.config.storage} storage; file storage is required`,
      );
    }
    const sameSubjects = [...info.config.subjects].sort().join(',') === [...spec.subjects].sort().join(',');
    if (
      sameSubjects &&
      info.config.duplicate_window === wanted.duplicate_window &&
      info.config.allow_direct &&
      info.config.num_replicas === spec.replicas
    )
      return;
    await jsm.streams.update(spec.name, {
      ...info.config,
      subjects: spec.subjects,
      duplicate_window: wanted.duplicate_window,
      allow_direct: true,
      num_replicas: spec.replicas,
    });
    logger.info({ stream: spec.name }, 'stream updated');
  } catch (err) {
    if (!isStreamNotFound(err)) throw err;
    try {
      await jsm.streams.add(wanted);
      logger.info({ stream: spec.name, subjects: spec.subjects }, 'stream created');
    } catch (addErr) {
      throw new Error(`cannot create stream ${spec.name}: ${(addErr as Error).message}`, { cause: addErr });
    }
  }
}

/**
 * Brings an existing stream (the object store's, which the client creates but never updates) to `replicas` copies.
 * A cluster adds or drops the copies in the background.
 */
export async function ensureReplicas(
  jsm: JetStreamManager,
  stream: string,
  replicas: number,
  logger: Logger,
): Promise<void> {
  const info = await jsm.streams.info(stream);
  if (info.config.num_replicas === replicas) return;
  await jsm.streams.update(stream, { ...info.config, num_replicas: replicas });
  logger.info({ stream, replicas }, 'stream replicas changed');
}

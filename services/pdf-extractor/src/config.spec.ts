import { ConfigError, loadConfig } from '@detainer-watch/config';
import { configSchema } from './config';

const platform = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_SCHEMA: 'pdf_extractor',
  NATS_URL: 'nats://127.0.0.1:4222',
  HTTP_PORT: '3002',
};

describe('configSchema', () => {
  it('has defaults for every extractor variable', () => {
    const c = loadConfig(configSchema, platform);
    expect(c).toMatchObject({
      EXTRACTOR_MAX_PAGES: 200,
      EXTRACTOR_MAX_PDF_BYTES: 50 * 1024 * 1024,
      EXTRACTOR_MAX_EVENT_BYTES: 1024 * 1024,
      EXTRACTOR_CONCURRENCY: 2,
      EXTRACTOR_MAX_DELIVER: 5,
      EXTRACTOR_WORKER_THREADS: true,
      EXTRACTOR_WORKERS: 1,
      EXTRACTOR_WORKER_MEMORY_MB: 1024,
    });
  });

  it('reads numbers and the worker switch from strings', () => {
    const c = loadConfig(configSchema, {
      ...platform,
      EXTRACTOR_MAX_PAGES: '50',
      EXTRACTOR_CONCURRENCY: '3',
      EXTRACTOR_WORKERS: '2',
      EXTRACTOR_WORKER_THREADS: 'false',
    });
    expect(c.EXTRACTOR_MAX_PAGES).toBe(50);
    expect(c.EXTRACTOR_CONCURRENCY).toBe(3);
    expect(c.EXTRACTOR_WORKERS).toBe(2);
    expect(c.EXTRACTOR_WORKER_THREADS).toBe(false);
  });

  it('names the malformed variable', () => {
    const load = () =>
      loadConfig(configSchema, { ...platform, EXTRACTOR_MAX_PAGES: '0', EXTRACTOR_WORKER_THREADS: 'yes' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/EXTRACTOR_MAX_PAGES/);
    expect(load).toThrow(/EXTRACTOR_WORKER_THREADS/);
  });
});

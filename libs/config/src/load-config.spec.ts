import { z } from 'zod';
import { ConfigError } from './config-error';
import { loadConfig, loadConfigOrExit } from './load-config';
import { databaseEnv, httpEnv, logEnv, natsEnv, platformEnv } from './fragments';

const valid = {
  DATABASE_URL: 'postgres://svc:secret@db:5432/detainer',
  DATABASE_SCHEMA: 'pdf_extractor',
  NATS_URL: 'nats://nats:4222',
  HTTP_PORT: '8080',
};

describe('loadConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = loadConfig(platformEnv, valid);
    expect(config).toEqual({
      ...valid,
      HTTP_PORT: 8080,
      HTTP_HOST: '0.0.0.0',
      NATS_SUBJECT_PREFIX: '',
      NATS_STREAM_PREFIX: 'DETAINER_',
      NATS_STREAM_REPLICAS: 1,
      NATS_ACK_WAIT_MS: 30_000,
      LOG_LEVEL: 'info',
    });
  });

  it('names every missing and malformed variable in one error, without echoing values', () => {
    let error: unknown;
    try {
      loadConfig(platformEnv, {
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        HTTP_PORT: 'eighty',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.problems.map((p) => [p.variable, p.problem])).toEqual([
      ['DATABASE_URL', 'malformed'],
      ['DATABASE_SCHEMA', 'missing'],
      ['NATS_URL', 'missing'],
      ['HTTP_PORT', 'malformed'],
      ['LOG_LEVEL', 'malformed'],
    ]);
    expect(e.message).toContain('5 environment variables are missing or malformed');
    expect(e.message).toMatch(/DATABASE_SCHEMA: missing, it is required \(the Postgres schema/);
    expect(e.message).toMatch(/DATABASE_URL: malformed, expected a postgres:\/\/ URL/);
    expect(e.message).not.toContain('hunter2');
  });

  it('treats an empty variable as unset so defaults apply and required ones are reported missing', () => {
    const config = loadConfig(natsEnv, { NATS_URL: 'nats://a:4222,nats://b:4222', NATS_STREAM_PREFIX: '' });
    expect(config.NATS_STREAM_PREFIX).toBe('DETAINER_');
    expect(() => loadConfig(databaseEnv, { DATABASE_URL: '', DATABASE_SCHEMA: 'x' })).toThrow(
      /DATABASE_URL: missing/,
    );
  });

  it('reads only the variables the schema declares', () => {
    const config = loadConfig(logEnv.extend(httpEnv.shape), {
      HTTP_PORT: '0',
      SECRET: 'x',
      LOG_LEVEL: 'debug',
    });
    expect(config).toEqual({ HTTP_PORT: 0, HTTP_HOST: '0.0.0.0', LOG_LEVEL: 'debug' });
  });

  it('rejects a malformed NATS server list and stream prefix', () => {
    expect(() =>
      loadConfig(natsEnv, {
        NATS_URL: 'nats://a:4222, nats://b:4222',
        NATS_SUBJECT_PREFIX: 'staging',
        NATS_STREAM_PREFIX: 'A.B',
      }),
    ).toThrow(/NATS_URL: malformed[\s\S]*NATS_SUBJECT_PREFIX: malformed[\s\S]*NATS_STREAM_PREFIX: malformed/);
    expect(
      loadConfig(natsEnv, { NATS_URL: 'nats://a:4222', NATS_SUBJECT_PREFIX: 't.r1.' }).NATS_SUBJECT_PREFIX,
    ).toBe('t.r1.');
  });

  it('names the context in the message', () => {
    expect(() => loadConfig(z.object({ X: z.string() }), {}, { context: 'notifier' })).toThrow(
      /Invalid configuration for notifier: 1 environment variable is missing/,
    );
  });
});

describe('loadConfigOrExit', () => {
  it('prints the problems and exits 1', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('exit called');
    }) as never);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => loadConfigOrExit(databaseEnv, {})).toThrow('exit called');
      expect(exit).toHaveBeenCalledWith(1);
      expect(String(write.mock.calls[0][0])).toMatch(/DATABASE_URL: missing[\s\S]*DATABASE_SCHEMA: missing/);
    } finally {
      exit.mockRestore();
      write.mockRestore();
    }
  });
});

import { ConfigError, loadConfig } from '@detainer-watch/config';
import { configSchema } from './config';

const platform = {
  DATABASE_URL: 'postgres://jurisdiction_classifier@localhost:5432/detainer_watch',
  DATABASE_SCHEMA: 'jurisdiction_classifier',
  NATS_URL: 'nats://localhost:4222',
  HTTP_PORT: '3003',
};

describe('jurisdiction-classifier config', () => {
  it('defaults to the shipped gazetteer', () => {
    expect(loadConfig(configSchema, platform).GAZETTEER_DATA_DIR).toBeUndefined();
    expect(
      loadConfig(configSchema, { ...platform, GAZETTEER_DATA_DIR: '' }).GAZETTEER_DATA_DIR,
    ).toBeUndefined();
  });

  it('takes a gazetteer folder override', () => {
    expect(
      loadConfig(configSchema, { ...platform, GAZETTEER_DATA_DIR: '/data/gazetteer' }).GAZETTEER_DATA_DIR,
    ).toBe('/data/gazetteer');
  });

  it('names a missing platform variable', () => {
    const { DATABASE_SCHEMA: _, ...rest } = platform;
    const load = () => loadConfig(configSchema, rest);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/DATABASE_SCHEMA/);
  });
});

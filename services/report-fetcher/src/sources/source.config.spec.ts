import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONFIG_ENV,
  CONFIG_FILE_ENV,
  EVERY_FIVE_MINUTES,
  FetcherConfigError,
  ICE_DDOR_INDEX_URL,
  loadFetcherConfig,
  WEEKLY,
} from './source.config';

describe('fetcher configuration', () => {
  it('defaults to one weekly index source on ICE and a strict HTTP policy', () => {
    const c = loadFetcherConfig({});
    expect(c.sources).toEqual([
      {
        id: 'ice-ddor',
        kind: 'index',
        url: ICE_DDOR_INDEX_URL,
        cron: WEEKLY,
        enabled: true,
        timezone: 'UTC',
      },
    ]);
    expect(c.http.allowedHosts).toEqual(['www.ice.gov', 'ice.gov']);
    expect(c.http.allowedPrivateAddresses).toEqual([]);
    expect(c.http.maxPdfBytes).toBe(50 * 1024 * 1024);
    expect(c.failureThreshold).toBe(3);
  });

  it('reads sources of every kind from JSON in the environment, with per-kind cron defaults', () => {
    const c = loadFetcherConfig({
      [CONFIG_ENV]: JSON.stringify({
        sources: [
          { id: 'ice', kind: 'index', url: 'https://www.ice.gov/ddor', include: 'ddor', cron: '0 * * * *' },
          {
            id: 'week1',
            kind: 'url',
            url: 'https://www.ice.gov/doclib/ddor/ddor2017_01-28to02-03.pdf',
            enabled: false,
          },
          { id: 'drop', kind: 'inbox', path: '/var/inbox' },
        ],
        http: { minIntervalPerHostMs: 5000 },
      }),
    });
    expect(c.sources.map((s) => [s.id, s.kind, s.cron, s.enabled])).toEqual([
      ['ice', 'index', '0 * * * *', true],
      ['week1', 'url', WEEKLY, false],
      ['drop', 'inbox', EVERY_FIVE_MINUTES, true],
    ]);
    expect(c.http.minIntervalPerHostMs).toBe(5000);
  });

  it('reads a config file named by REPORT_FETCHER_CONFIG_FILE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rf-cfg-'));
    const file = join(dir, 'fetcher.json');
    await writeFile(file, JSON.stringify({ sources: [{ id: 'drop', kind: 'inbox', path: '/in' }] }));
    expect(loadFetcherConfig({ [CONFIG_FILE_ENV]: file }).sources[0].id).toBe('drop');
    expect(() => loadFetcherConfig({ [CONFIG_FILE_ENV]: join(dir, 'nope.json') })).toThrow(
      /REPORT_FETCHER_CONFIG_FILE=.*nope\.json: cannot read the file/,
    );
  });

  it.each([
    [
      { sources: [{ id: 'a', kind: 'url', url: 'https://www.ice.gov/a.pdf', cron: '61 * * * *' }] },
      /sources\.0\.cron: invalid cron expression "61 \* \* \* \*"/,
    ],
    [
      { sources: [{ id: 'a', kind: 'url', url: 'ftp://www.ice.gov/a.pdf' }] },
      /sources\.0\.url: expected an absolute http\(s\) URL/,
    ],
    [
      {
        sources: [
          { id: 'a', kind: 'inbox', path: '/x' },
          { id: 'a', kind: 'inbox', path: '/y' },
        ],
      },
      /sources\.1\.id: duplicate source id "a"/,
    ],
    [{ sources: [{ id: 'upload', kind: 'inbox', path: '/x' }] }, /reserved for manual uploads/],
    [
      { sources: [{ id: 'a', kind: 'index', url: 'https://www.ice.gov/', include: '(' }] },
      /sources\.0\.include: invalid regular expression/,
    ],
    [
      { sources: [{ id: 'a', kind: 'index', url: 'https://www.ice.gov/', timezone: 'Mars/Olympus' }] },
      /unknown time zone "Mars\/Olympus"/,
    ],
    [{ sources: [{ id: 'a', kind: 'rss', url: 'https://www.ice.gov/' }] }, /sources\.0\.kind/],
    [
      { http: { allowedPrivateAddresses: ['localhost'] } },
      /http\.allowedPrivateAddresses\.0: expected an IP address/,
    ],
  ])('refuses %j naming the field', (raw, message) => {
    expect(() => loadFetcherConfig({ [CONFIG_ENV]: JSON.stringify(raw) })).toThrow(message);
    expect(() => loadFetcherConfig({ [CONFIG_ENV]: JSON.stringify(raw) })).toThrow(
      /^REPORT_FETCHER_CONFIG is invalid: /,
    );
  });

  it('refuses malformed JSON and two competing variables', () => {
    expect(() => loadFetcherConfig({ [CONFIG_ENV]: '{sources:' })).toThrow(
      /REPORT_FETCHER_CONFIG is not valid JSON/,
    );
    expect(() => loadFetcherConfig({ [CONFIG_ENV]: '{}', [CONFIG_FILE_ENV]: '/x' })).toThrow(
      FetcherConfigError,
    );
  });
});

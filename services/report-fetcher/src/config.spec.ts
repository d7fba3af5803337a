import { ConfigError } from '@detainer-watch/config';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetcherConfigOf, INBOX_SOURCE_ID, loadServiceConfig } from './config';
import { ICE_DDOR_INDEX_URL } from './sources/source.config';

const platform = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_SCHEMA: 'report_fetcher',
  NATS_URL: 'nats://127.0.0.1:4222',
  HTTP_PORT: '3000',
};

const problemsOf = (env: Record<string, string>) => {
  try {
    loadServiceConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.variable}: ${p.problem}`);
    throw e;
  }
  return [];
};

describe('report-fetcher configuration', () => {
  it('defaults to the ICE index page with the strict HTTP policy', () => {
    const f = fetcherConfigOf(loadServiceConfig(platform));
    expect(f.sources.map((s) => [s.id, s.kind === 'inbox' ? s.path : s.url])).toEqual([
      ['ice-ddor', ICE_DDOR_INDEX_URL],
    ]);
    expect(f.http.allowedPrivateAddresses).toEqual([]);
    expect(f.failureThreshold).toBe(3);
  });

  it('names a missing platform variable and each malformed fetcher variable', () => {
    expect(problemsOf({ ...platform, DATABASE_URL: '' })).toEqual(['DATABASE_URL: missing']);
    expect(
      problemsOf({
        ...platform,
        REPORT_FETCHER_CONFIG: '{"sources": [{"id": "x", "kind": "url", "url": "ftp://a"}]}',
        REPORT_FETCHER_ALLOW_PRIVATE_ADDRESSES: '127.0.0.1, localhost',
        REPORT_FETCHER_MAX_PDF_BYTES: '10MB',
        REPORT_FETCHER_FAILURE_THRESHOLD: '0',
      }),
    ).toEqual([
      'REPORT_FETCHER_CONFIG: malformed',
      'REPORT_FETCHER_ALLOW_PRIVATE_ADDRESSES: malformed',
      'REPORT_FETCHER_MAX_PDF_BYTES: malformed',
      'REPORT_FETCHER_FAILURE_THRESHOLD: malformed',
    ]);
  });

  it('says which field of the JSON is wrong, and names an unreadable file', async () => {
    expect(() =>
      loadServiceConfig({ ...platform, REPORT_FETCHER_CONFIG: '{"failureThreshold": -1}' }),
    ).toThrow(/REPORT_FETCHER_CONFIG: malformed, .*failureThreshold/);
    expect(() => loadServiceConfig({ ...platform, REPORT_FETCHER_CONFIG: '{not json' })).toThrow(
      /REPORT_FETCHER_CONFIG: malformed, .*not valid JSON/,
    );
    expect(() =>
      loadServiceConfig({ ...platform, REPORT_FETCHER_CONFIG_FILE: '/nonexistent/fetcher.json' }),
    ).toThrow(/REPORT_FETCHER_CONFIG_FILE: malformed, .*cannot read the file/);
    const dir = await mkdtemp(join(tmpdir(), 'rf-config-'));
    const file = join(dir, 'fetcher.json');
    await writeFile(
      file,
      JSON.stringify({ sources: [{ id: 'direct', kind: 'url', url: 'https://www.ice.gov/a.pdf' }] }),
    );
    const f = fetcherConfigOf(loadServiceConfig({ ...platform, REPORT_FETCHER_CONFIG_FILE: file }));
    expect(f.sources.map((s) => s.id)).toEqual(['direct']);
    expect(() =>
      fetcherConfigOf(
        loadServiceConfig({ ...platform, REPORT_FETCHER_CONFIG: '{}', REPORT_FETCHER_CONFIG_FILE: file }),
      ),
    ).toThrow(/REPORT_FETCHER_CONFIG_FILE: malformed, set either/);
  });

  it('applies the single variables over the JSON', () => {
    const f = fetcherConfigOf(
      loadServiceConfig({
        ...platform,
        REPORT_FETCHER_CONFIG:
          '{"http": {"maxPdfBytes": 1000, "allowedHosts": ["a.example"]}, "failureThreshold": 5}',
        REPORT_FETCHER_ALLOWED_HOSTS: 'www.ice.gov, 127.0.0.1',
        REPORT_FETCHER_ALLOW_PRIVATE_ADDRESSES: '127.0.0.1',
        REPORT_FETCHER_MAX_PDF_BYTES: '2048',
        REPORT_FETCHER_FAILURE_THRESHOLD: '2',
        REPORT_FETCHER_INBOX_DIR: '/var/lib/detainer-watch/inbox',
        REPORT_FETCHER_CONTACT: 'ops@example.org',
      }),
    );
    expect(f.http).toMatchObject({
      allowedHosts: ['www.ice.gov', '127.0.0.1'],
      allowedPrivateAddresses: ['127.0.0.1'],
      maxPdfBytes: 2048,
    });
    expect(f.http.userAgent).toBe('detainer-watch-report-fetcher/0.1 (+ops@example.org)');
    expect(f.failureThreshold).toBe(2);
    expect(f.sources.find((s) => s.id === INBOX_SOURCE_ID)).toMatchObject({
      kind: 'inbox',
      path: '/var/lib/detainer-watch/inbox',
    });
  });
});

import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  dclintDir,
  environmentOf,
  interpolatedVariables,
  loadCompose,
  validateCompose,
} from './compose-validation';

const root = join(__dirname, '..', '..');
const compose = loadCompose(join(root, 'docker-compose.yml'));
const pipeline = [
  'report-fetcher',
  'pdf-extractor',
  'jurisdiction-classifier',
  'grant-exposure-calculator',
  'notifier',
];

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification schema', () => {
    expect(validateCompose(compose.doc)).toEqual([]);
  });

  it('passes dclint', () => {
    const r = spawnSync(
      process.execPath,
      [join(dclintDir, 'bin', 'dclint.cjs'), 'docker-compose.yml', '-q'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('rejects the deliberately broken copy', () => {
    const problems = validateCompose(loadCompose(join(__dirname, 'fixtures', 'broken-compose.yml')).doc);
    expect(problems.join('\n')).toMatch(/interval/);
    expect(problems.join('\n')).toMatch(/restart_policy|additional properties/);
    expect(problems.join('\n')).toMatch(/unknown service mail-relay/);
  });

  it('gives every container a healthcheck and a restart policy, and starts services after healthy dependencies', () => {
    for (const [name, svc] of Object.entries(compose.doc.services)) {
      expect([name, svc.healthcheck?.test !== undefined && !svc.healthcheck.disable]).toEqual([name, true]);
      expect([name, svc.restart]).toEqual([name, 'unless-stopped']);
      if (pipeline.includes(name)) {
        const deps = svc.depends_on as Record<string, { condition: string }>;
        expect(deps.postgres.condition).toBe('service_healthy');
        expect(deps.nats.condition).toBe('service_healthy');
      }
    }
  });

  it('keeps secrets out: every password is interpolated, and .env.example documents every interpolated variable', () => {
    for (const name of pipeline) {
      for (const [k, v] of Object.entries(environmentOf(compose.doc.services[name]))) {
        if (/PASSWORD|SECRET|API_KEY/.test(k) || /:\/\/[^/]*:[^$@]+@/.test(v))
          expect([k, v]).toEqual([k, expect.stringMatching(/\$\{/)]);
      }
    }
    const documented = new Set(
      readFileSync(join(root, '.env.example'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z0-9_]+=/.test(l))
        .map((l) => l.split('=')[0]),
    );
    const missing = [...interpolatedVariables(compose.text)].filter((v) => !documented.has(v));
    expect(missing).toEqual([]);
  });
});

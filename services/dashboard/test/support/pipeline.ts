import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { createLogger } from '@detainer-watch/logging';
import { bootstrapService, type BootstrapOptions, type RunningService } from '@detainer-watch/service-kit';
import {
  cleanupStreams,
  dropTestSchema,
  startTestInfra,
  testBusOptions,
  testServiceEnv,
  uniqueRunId,
  type TestInfra,
} from '@detainer-watch/testing';
import { freePort } from '@detainer-watch/embedded';
import { reportFetcherService } from '@detainer-watch/report-fetcher';
import { pdfExtractor } from '@detainer-watch/pdf-extractor';
import { jurisdictionClassifierService } from '@detainer-watch/jurisdiction-classifier';
import { grantExposureCalculator } from '@detainer-watch/grant-exposure-calculator';
import { notifier } from '@detainer-watch/notifier';
import { dashboard } from '../../src';

const PACKAGE_DIR = join(__dirname, '..', '..');
export const PUBLIC_DIR = join(PACKAGE_DIR, 'dist', 'public');

/** The front-end is served from dist/public; a checkout that has not run `npm run build:web` gets it built here. */
export function ensureFrontEndBuilt(): void {
  if (existsSync(join(PUBLIC_DIR, 'index.html'))) return;
  execFileSync(
    process.execPath,
    [require.resolve('vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    { cwd: PACKAGE_DIR, stdio: 'inherit' },
  );
}

interface Definition {
  name: string;
  appModule: BootstrapOptions<z.ZodObject>['appModule'];
  configSchema: z.ZodObject;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities?: Function[];
  migrations?: BootstrapOptions<z.ZodObject>['migrations'];
}

/**
 * The five pipeline services and the dashboard, each booted by service-kit exactly as its main.ts does, in this
 * process, on the real Postgres (one schema each, named for this run) and NATS JetStream (this run's prefixes).
 */
export class Pipeline {
  readonly apiKey = `dashboard-test-key-${uniqueRunId()}`;
  readonly urls: Record<string, string> = {};
  dashboardUrl = '';
  private infra!: TestInfra;
  private bus!: ReturnType<typeof testBusOptions>;
  private readonly schemas: string[] = [];
  private readonly running: RunningService<unknown>[] = [];
  /** Services started with `held`, booted by `release`. */
  private readonly held = new Map<string, () => Promise<unknown>>();
  private tmp = '';

  /**
   * Boots the five services and the dashboard. A service named in `held` gets its address now but starts only at
   * `release(name)`: its events wait in JetStream meanwhile, so a report's progress stops before that step.
   */
  async start({ held = [] }: { held?: string[] } = {}): Promise<void> {
    this.infra = await startTestInfra();
    const runId = uniqueRunId();
    this.bus = testBusOptions(this.infra.natsUrl, runId);
    this.tmp = mkdtempSync(join(tmpdir(), 'dashboard-test-'));
    const common = (schema: string) => {
      this.schemas.push(schema);
      return {
        ...testServiceEnv(this.infra, schema, this.bus),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      };
    };
    const services: [Definition, string, Record<string, string>][] = [
      [
        reportFetcherService,
        'report-fetcher',
        {
          REPORT_FETCHER_CONFIG: JSON.stringify({ sources: [], tempDir: this.tmp, inboxSettleMs: 1000 }),
          REPORT_FETCHER_INBOX_DIR: join(this.tmp, 'inbox'),
        },
      ],
      [pdfExtractor, 'pdf-extractor', {}],
      [jurisdictionClassifierService, 'jurisdiction-classifier', {}],
      [grantExposureCalculator, 'grant-exposure-calculator', {}],
      [
        notifier,
        'notifier',
        {
          NOTIFIER_API_KEY: this.apiKey,
          NOTIFIER_BASE_URL: 'http://127.0.0.1:9',
          NOTIFIER_REQUIRE_CONFIRMATION: 'false',
          MAIL_FROM: 'alerts@detainer-watch.localhost',
          MAIL_EML_DIR: join(this.tmp, 'mail'),
        },
      ],
    ];
    for (const [definition, name, env] of services) {
      const schema = `t_${runId}_${name.split('-')[0]}`.slice(0, 63);
      if (held.includes(name)) {
        const port = await freePort();
        this.urls[name] = `http://127.0.0.1:${port}`;
        this.held.set(name, () =>
          this.boot(definition, { ...common(schema), ...env, HTTP_PORT: String(port) }),
        );
        continue;
      }
      const svc = await this.boot(definition, { ...common(schema), ...env });
      this.urls[name] = svc.url;
    }
    const dash = await this.boot(dashboard, {
      ...common(`t_${runId}_dashboard`),
      DASHBOARD_REPORT_FETCHER_URL: this.urls['report-fetcher'],
      DASHBOARD_PDF_EXTRACTOR_URL: this.urls['pdf-extractor'],
      DASHBOARD_JURISDICTION_CLASSIFIER_URL: this.urls['jurisdiction-classifier'],
      DASHBOARD_GRANT_EXPOSURE_URL: this.urls['grant-exposure-calculator'],
      DASHBOARD_NOTIFIER_URL: this.urls.notifier,
      DASHBOARD_NOTIFIER_API_KEY: this.apiKey,
    });
    this.dashboardUrl = dash.url;
  }

  private async boot(definition: Definition, env: Record<string, string>) {
    const svc = await bootstrapService({
      name: definition.name,
      appModule: definition.appModule,
      configSchema: definition.configSchema,
      entities: definition.entities,
      migrations: definition.migrations,
      env,
      mode: 'embedded',
      logger: createLogger({ service: definition.name, level: env.LOG_LEVEL as 'warn' }),
    });
    this.running.push(svc as RunningService<unknown>);
    return svc;
  }

  /** Starts a service held back by `start({ held })`. */
  async release(name: string): Promise<void> {
    const boot = this.held.get(name);
    if (!boot) throw new Error(`${name} was not held back at start`);
    this.held.delete(name);
    await boot();
  }

  /** Uploads a PDF to the report-fetcher as the CLI does (raw application/pdf body); returns the report id. */
  async upload(pdf: Uint8Array): Promise<string> {
    const res = await fetch(`${this.urls['report-fetcher']}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(pdf),
    });
    const body = (await res.json()) as { reportId?: string; message?: string };
    if (!res.ok || !body.reportId) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
    return body.reportId;
  }

  async stop(): Promise<void> {
    for (const svc of this.running.splice(0).reverse()) await svc.close().catch(() => undefined);
    if (!this.infra) return;
    for (const s of this.schemas) await dropTestSchema(this.infra.databaseUrl, s).catch(() => undefined);
    await cleanupStreams(this.infra.natsUrl, this.bus.streamPrefix).catch(() => undefined);
    await this.infra.stop();
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
  }
}

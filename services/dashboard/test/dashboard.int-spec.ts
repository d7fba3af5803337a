/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureFrontEndBuilt, Pipeline } from './support/pipeline';

/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the real dashboard service,
 * whose BFF talks to the five real pipeline services, all booted in this process by service-kit on the local
 * Postgres and NATS JetStream. A DDOR fixture PDF is uploaded while the report list is open, and goes through the
 * whole pipeline.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..', '..');
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const FIXTURE = join(ROOT, 'libs', 'ddor-fixtures', 'fixtures', 'week1-ice-letter-landscape.pdf');

jest.setTimeout(300_000);

describe('dashboard in a browser', () => {
  const pipeline = new Pipeline();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let reportId = '';
  /** Every /api answer the browser received, to check the notifier key never reaches it. */
  const apiBodies: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    ensureFrontEndBuilt();
    mkdirSync(SHOTS, { recursive: true });
    // The estimate step starts late, so the first test sees a report part-way through the pipeline.
    await pipeline.start({ held: ['grant-exposure-calculator'] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Everything the page loads must come from the dashboard itself (no CDN fonts or scripts).
    context.on('request', (req) => {
      if (!req.url().startsWith(pipeline.dashboardUrl) && !req.url().startsWith('data:'))
        outside.push(req.url());
    });
    context.on('response', (res) => {
      if (res.url().includes('/api/') && !res.url().endsWith('/api/events'))
        void res.text().then(
          (t) => apiBodies.push(t),
          () => undefined,
        );
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await pipeline.stop();
  });

  it('shows a report uploaded while the list is open, and its progress, without reloading', async () => {
    await page.goto(pipeline.dashboardUrl + '/');
    await page.getByRole('heading', { level: 1, name: 'Declined Detainer Reports' }).waitFor();
    await page.getByText('Live updates on').waitFor();
    await page.getByText('No report has been fetched yet.').waitFor();
    // A reload would clear this marker; its presence at the end shows the page was updated in place.
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
      const seen: string[] = [];
      (window as unknown as { __stepsSeen: string[] }).__stepsSeen = seen;
      new MutationObserver(() => {
        const s = Array.from(document.querySelectorAll('.card .step'))
          .map((e) => `${e.getAttribute('data-step')}=${e.getAttribute('data-status')}`)
          .join(' ');
        if (s && seen[seen.length - 1] !== s) seen.push(s);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });

    reportId = await pipeline.upload(readFileSync(FIXTURE));
    const card = page.locator(`[data-report-id="${reportId}"]`);
    await card.waitFor({ timeout: 60_000 });
    await card.locator('[data-step="classify"][data-status="done"]').waitFor({ timeout: 240_000 });
    // The list still shows the report while the estimator is down, and names the service that did not answer.
    await page.getByText(/Partial list: grant-exposure gave no answer \(unreachable\)/).waitFor();
    await pipeline.release('grant-exposure-calculator');
    await card.locator('[data-step="estimate"][data-status="done"]').waitFor({ timeout: 240_000 });
    await card.getByText(/newly listed|no earlier report to compare/).waitFor();

    const state = await page.evaluate(() => ({
      same: (window as unknown as { __sameDocument?: boolean }).__sameDocument === true,
      seen: (window as unknown as { __stepsSeen: string[] }).__stepsSeen,
    }));
    expect(state.same).toBe(true);
    // The card showed the report classified but not yet estimated, then every step done, in place.
    expect(state.seen.some((s) => /classify=done estimate=(?!done)/.test(s))).toBe(true);
    expect(state.seen[state.seen.length - 1]).toBe('fetch=done extract=done classify=done estimate=done');
    await expect(card.locator('dd').first().textContent()).resolves.toMatch(/^\d/);
    await expect(card.textContent()).resolves.toContain('estimate');
    // The fetcher's sources and their health (here the inbox folder the test configures).
    await page.getByRole('heading', { name: 'Where reports come from' }).waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: /^inbox \(inbox:/ })
      .waitFor();
    await page.screenshot({ path: join(SHOTS, '01-report-list.png'), fullPage: true });
  });

  it('opens the report: map coloured by declined detainers and money at risk, and the Hartford row', async () => {
    await page.locator(`[data-report-id="${reportId}"] h2 a`).click();
    await page.waitForURL(`**/reports/${reportId}`);
    const map = page.getByTestId('us-map');
    await map.waitFor();
    expect(await map.locator('path[data-listed="yes"]').count()).toBeGreaterThan(0);
    await expect(map.getAttribute('aria-label')).resolves.toMatch(/coloured by declined detainers/);
    // Connecticut's Hartford County (09003) holds Hartford's rows.
    await expect(map.locator('path[data-fips="09003"]').getAttribute('data-listed')).resolves.toBe('yes');

    // Hartford is in the jurisdiction table; in this report it is listed in Section III (its policy), page 34.
    const jurisdictions = page.getByRole('table', { name: 'Jurisdictions listed in this report' });
    await jurisdictions
      .getByRole('link', { name: /^Hartford/ })
      .first()
      .waitFor();
    const declined = page.getByRole('table', { name: 'Section II: declined detainers' });
    await declined.getByRole('row').nth(1).waitFor();
    await page.screenshot({ path: join(SHOTS, '02-report-declined-map.png'), fullPage: false });

    // Sorting by the header button (keyboard) announces the order.
    const countyHeader = declined.getByRole('columnheader', { name: /County/ });
    await countyHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(countyHeader.getAttribute('aria-sort')).resolves.toBe('ascending');

    // Section tabs follow the arrow keys.
    await page.getByRole('tab', { name: /Section II\b/ }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: /Section III/ }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    const policies = page.getByRole('table', { name: /Section III/ });
    await policies.getByRole('row').nth(1).waitFor();
    // Long sections show 100 rows at first.
    await page
      .locator('#rows-panel')
      .getByRole('button', { name: /Show more rows/ })
      .click();
    const hartford = policies.getByRole('row').filter({ hasText: 'Hartford, Connecticut' }).first();
    await hartford.waitFor();
    await expect(hartford.textContent()).resolves.toMatch(/Boston/);
    await expect(
      hartford
        .getByRole('link')
        .or(hartford.getByText(/p\. 34/))
        .first()
        .textContent(),
    ).resolves.toMatch(/p\. 34/);
    await hartford.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, '04b-section-iii-hartford.png'), fullPage: false });

    await page.getByRole('radio', { name: 'Money at risk (estimate)' }).check();
    await expect(map.getAttribute('data-measure')).resolves.toBe('atRisk');
    await page.getByRole('radio', { name: 'States' }).check();
    await expect(map.getAttribute('data-level')).resolves.toBe('states');
    await expect(map.locator('path[data-fips="09"]').getAttribute('data-listed')).resolves.toBe('yes');
    await page.locator('.map-section').screenshot({ path: join(SHOTS, '03-report-money-map-states.png') });
    await page.screenshot({ path: join(SHOTS, '04-report-full.png'), fullPage: true });
  });

  it('opens a jurisdiction: its history across reports and its estimated exposure with sources', async () => {
    await page
      .getByRole('table', { name: 'Jurisdictions listed in this report' })
      .getByRole('link', { name: /^Hartford/ })
      .first()
      .click();
    await page.waitForURL('**/jurisdictions/**');
    await page.getByRole('heading', { name: 'In the reports' }).waitFor();
    await page.getByRole('table', { name: 'Every report that listed it' }).waitFor();
    await page.getByRole('heading', { name: /Grant money at risk/ }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toMatch(/Source: grant-exposure-calculator/);
    await page.screenshot({ path: join(SHOTS, '05-jurisdiction.png'), fullPage: true });
  });

  it('creates and deletes a watch through the BFF, never exposing the notifier key', async () => {
    await page.getByRole('link', { name: 'Watches' }).click();
    await page.getByRole('heading', { level: 1, name: 'Watches' }).waitFor();
    await page.getByLabel('Email address').fill('editor@example.org');
    await page.getByLabel('Jurisdiction').fill('Hartford, CT');
    await page.getByRole('button', { name: 'Create watch' }).click();
    await page
      .getByRole('status')
      .getByText(/Watching Hartford/)
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Hartford' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('e•••@example.org');
    await page.screenshot({ path: join(SHOTS, '06-watches.png'), fullPage: true });

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: /Delete the watch on Hartford/ }).click();
    await page
      .getByRole('status')
      .getByText(/deleted/)
      .waitFor();
    await page.getByRole('row').filter({ hasText: 'Hartford' }).waitFor({ state: 'detached' });

    const html = await page.content();
    expect(html).not.toContain(pipeline.apiKey);
    expect(apiBodies.length).toBeGreaterThan(0);
    for (const body of apiBodies) expect(body).not.toContain(pipeline.apiKey);
    for (const body of apiBodies) expect(body).not.toContain('editor@example.org');
  });

  it('is readable on a phone', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
    });
    const p = await phone.newPage();
    await p.goto(`${pipeline.dashboardUrl}/reports/${reportId}`);
    await p.getByTestId('us-map').waitFor();
    // Nothing wider than the screen except inside the scrollable table regions.
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await p.screenshot({ path: join(SHOTS, '07-phone-report.png'), fullPage: false });
    await p.goto(`${pipeline.dashboardUrl}/`);
    await p.locator(`[data-report-id="${reportId}"]`).waitFor();
    await p.screenshot({ path: join(SHOTS, '08-phone-list.png'), fullPage: false });
    await phone.close();
    expect(outside).toEqual([]);
  });
});

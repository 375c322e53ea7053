/**
 * The HTML report opened in headless Chromium: the heatmap is what the model says, data cannot run script,
 * nothing is fetched, and a failing cell opens its resources. Writes a screenshot to the temp directory for a
 * person to look at.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderReport } from '../../../src/report/render/index.js';
import { viewCell } from '../../../src/report/render/view.js';
import { XSS_NAME, XSS_OU, fixtureComparison, fixtureReport } from './report-fixture.js';

/**
 * Where Chromium is: CISFLEET_CHROMIUM when set (point it at a missing file to see the skip path), else
 * Debian's. Without it the suite skips these tests and says why, so `npm test` passes on a machine without a
 * browser; CI installs Debian's chromium.
 */
const CHROMIUM = process.env.CISFLEET_CHROMIUM || '/usr/bin/chromium';
const BROWSER_SUITE = 'HTML report in headless Chromium';
const chromiumPresent = existsSync(CHROMIUM);

if (!chromiumPresent) {
  const why = `${BROWSER_SUITE}: skipped, no Chromium at ${CHROMIUM} (install Debian's chromium, or set CISFLEET_CHROMIUM)`;
  // Jest lists nothing of a file whose tests are all skipped: say it where the person running the suite looks.
  process.stderr.write(`${why}\n`);
  describe(why, () => {
    // eslint-disable-next-line jest/expect-expect -- a skipped placeholder: its title says why the suite did not run
    it.skip('needs a browser', () => undefined);
  });
}

(chromiumPresent ? describe : describe.skip)(BROWSER_SUITE, () => {
  const report = fixtureReport();
  const html = renderReport(report, 'html', { color: false, comparison: fixtureComparison() });
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.setContent(html, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws one heatmap cell per account × region × control, with the state and count of the model', async () => {
    const drawn = await page.$$eval('#heatmap td[data-state]', (cells) =>
      cells.map((c) => {
        const d = (c as unknown as { dataset: Record<string, string | undefined> }).dataset;
        return {
          account: d.account,
          region: d.region,
          control: d.control,
          state: d.state,
          nonCompliant: Number(d.noncompliant),
          text: c.textContent,
        };
      }),
    );
    expect(drawn).toHaveLength(report.rows.length * report.controls.length);
    const expected = report.rows.flatMap((row) =>
      report.controls.map((control) => {
        const view = viewCell(row.controls[control.id]);
        return {
          account: row.accountId,
          region: row.region,
          control: control.id,
          state: view.state,
          nonCompliant: view.nonCompliant,
          text: expect.stringContaining(view.label),
        };
      }),
    );
    expect(drawn).toEqual(expected);
    const states = new Set(drawn.map((d) => d.state));
    expect(states).toEqual(new Set(['compliant', 'non-compliant', 'no-results', 'not-deployed', 'exempt', 'error']));
  });

  it('shows hostile names as text, runs no script from the data and fetches nothing', async () => {
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    const names = await page.$$eval('#heatmap tbody th[scope=row] .name', (els) => els.map((e) => e.textContent));
    expect(names).toContain(XSS_NAME);
    const ous = await page.$$eval('#heatmap tr.ou th', (els) => els.map((e) => e.firstChild?.textContent));
    expect(ous).toContain(XSS_OU);
    expect(await page.locator('[src], [href], img, iframe, link, object, embed').count()).toBe(0);
    expect(requests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('opens a failing cell’s resources under its row on click, and closes them on a second click', async () => {
    const button = page.locator(
      'td[data-account="111111111111"][data-region="us-east-1"][data-control="admin-ports-closed"] button',
    );
    await button.click();
    const expanded = page.locator('#heatmap tr.expand');
    await expect(expanded.isVisible()).resolves.toBe(true);
    const text = (await expanded.textContent()) ?? '';
    expect(text).toContain('prod-app (111111111111) · us-east-1 · admin-ports-closed: 1200 non-compliant');
    expect(text).toContain('sg-b0000');
    expect(text).toContain('+1150 more non-compliant resources');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await button.click();
    expect(await expanded.count()).toBe(0);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens a cell from the keyboard and shows a hostile resource id as text', async () => {
    const button = page.locator(
      'td[data-account="222222222222"][data-region="eu-west-1"][data-control="default-sg-closed"] button',
    );
    await button.focus();
    await page.keyboard.press('Enter');
    const text = (await page.locator('#heatmap tr.expand').textContent()) ?? '';
    expect(text).toContain('sg-<script>window.__xss=3</script>');
    expect(text).toContain('a|b, "c"');
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('hides healthy rows on request and has a legend naming every state', async () => {
    await page.locator('#only-attention').check();
    const visible = await page.$$eval(
      '#heatmap > tbody > tr:not(.ou):not(.expand)',
      (rows) => rows.filter((r) => (r as unknown as { offsetParent: unknown }).offsetParent !== null).length,
    );
    const needingAttention = report.rows.filter(
      (r) =>
        r.status === 'ERROR' ||
        r.drift.status === 'DRIFTED' ||
        r.instance.state !== 'CURRENT' ||
        Object.values(r.controls).some((c) => c.nonCompliant > 0),
    );
    expect(visible).toBe(needingAttention.length);
    expect(visible).toBeLessThan(report.rows.length);
    await page.locator('#only-attention').uncheck();
    const legend = (await page.locator('.legend').textContent()) ?? '';
    for (const words of ['non-compliant', 'compliant', 'no results yet', 'not deployed', 'exempt', 'could not be read'])
      expect(legend).toContain(words);
  });

  it('renders a screenshot to look at', async () => {
    const file = join(tmpdir(), 'cisfleet-report-render.png');
    await page
      .locator('td[data-account="111111111111"][data-region="eu-west-1"][data-control="admin-ports-closed"] button')
      .click();
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });
});

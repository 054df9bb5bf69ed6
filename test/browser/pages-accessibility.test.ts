import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is; returns the serious and critical violations, in words. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    type Axe = { run(context: Document, options: object): Promise<{ violations: unknown[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    // Only the violations are collected (passes and incomplete checks are not needed, and cost time).
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (violations as Violation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('pages: no serious accessibility violations on each role’s main pages (axe-core)', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let browser: Browser;
  let tenderId: string;

  before(async function () {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: true });
    tenderId = (await server.testPlatform.platform.models.Tender.findAll())[0]!.id;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens the pages as one user (or a visitor) and checks each once it has loaded `ready`. */
  async function check(
    username: string | null,
    pages: [path: string, ready: string][],
    andThen?: (page: Page) => Promise<void>,
  ): Promise<void> {
    // The platform's CSP refuses inline scripts, axe's included: the test lifts it for its own script only.
    const context = await browser.newContext({ baseURL: server.baseUrl, bypassCSP: true });
    const page = await context.newPage();
    // The browser reads the platform's (test) clock, so what is open and closed matches the server.
    await page.clock.setFixedTime(server.testPlatform.clock.now());
    if (username) {
      const account = server.accounts.find((a) => a.username === username)!;
      await page.goto('/#/login');
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(account.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('home').waitFor();
    }
    const found: string[] = [];
    for (const [path, ready] of pages) {
      await page.goto(`/#/${path}`);
      await page.locator(ready).first().waitFor();
      await page.waitForFunction(() => !document.querySelector('.list-status .muted, .content > .muted'));
      for (const v of await seriousViolations(page)) found.push(`#/${path}: ${v}`);
    }
    await andThen?.(page);
    await context.close();
    assert.deepEqual(found, []);
  }

  it('a visitor: the notices, a tender, the login, open data', () =>
    check(null, [
      ['notices', '[data-testid="notice"]'],
      [`tenders/${tenderId}`, '[data-testid="tender-title"]'],
      ['login', '[data-testid="login-submit"]'],
      ['open-data', '[data-testid="open-data-tender"]'],
    ]));

  // The demo's bidders have bids on the seeded tenders: the page lists them.
  it('a bidder: my bids', () => check('bidder1', [['bids', '[data-testid="bid-status"]']]));

  it('an expert: the invitation inbox', () =>
    check('expert1', [['expert-inbox', '[data-testid="invitations-empty"], [data-testid="invitation"]']]));

  it('an admin: the parties', () => check('admin', [['parties', '[data-testid="parties-table"]']]));

  it('a supervisor: home', () => check('supervisor', [['', '[data-testid="home"]']]));

  it('a custodian: a release button closed before the opening says why in words, not in a tooltip', () =>
    check('custodian1', [['custody', '[data-testid^="custody-release-"]']], async (page) => {
      // The seed's tenders not yet opened: the live one and the one open for bids, both still closed.
      const button = page.locator('[data-testid^="custody-release-"]').first();
      assert.equal(await button.isDisabled(), true);
      assert.equal(await button.getAttribute('title'), null);
      const reason = page.locator(`#${await button.getAttribute('aria-describedby')}`);
      assert.equal(await reason.textContent(), '未到开标时间');
      assert.equal(await reason.isVisible(), true);
    }));
});

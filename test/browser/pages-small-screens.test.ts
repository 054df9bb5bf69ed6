import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { bearer, login } from '../helpers/api.js';
import { certifyBidder } from '../helpers/bids.js';
import { settlesTo } from '../helpers/eventually.js';
import { submitTestBid } from '../helpers/opening.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

/** By how many pixels the document is wider than the window (0: no sideways scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));

/** The page's parts load apart: measured until it has settled, failing with the last overflow seen. */
const fits = (page: Page, what: string) => settlesTo(`${what} overflows by (px)`, () => overflow(page), 0);

describe('pages: tables fit a 390 px phone and keep their actions in view at 1366 px', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let browser: Browser;
  let tenderId: string;

  before(async function () {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: true });
    const t = server.testPlatform;
    // The demo's tender open for bids (the seed's others are past their deadlines or opening soon).
    tenderId = (await t.platform.models.Tender.findOne({
      where: { status: 'published' },
      order: [['bidDeadline', 'DESC']],
    }))!.id;
    // bidder1 has a bid, so "my bids" has a row to lay out.
    const token = await login(t.app, 'bidder1', account('bidder1'));
    const me = await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    const user = { token, userId: me.body.user.id, username: 'bidder1', role: 'bidder' as const };
    const bidder = { ...user, partyId: me.body.party.id as string };
    const tender = (await request(t.app).get(`/api/v1/tenders/${tenderId}`).set(bearer(token)).expect(200))
      .body;
    await submitTestBid(t, tender, { user: bidder, keys: await certifyBidder(t.app, bidder) });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const account = (username: string) => server.accounts.find((a) => a.username === username)!.password;

  async function open(width: number, username: string | null): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width, height: 844 } });
    const page = await context.newPage();
    if (username) {
      await page.goto('/#/login');
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(account(username));
      await page.getByTestId('login-submit').click();
      await page.getByTestId('home').waitFor();
    }
    return page;
  }

  it('shows a tender to a visitor on a phone without sideways scrolling', async () => {
    const page = await open(390, null);
    await page.goto(`/#/tenders/${tenderId}`);
    await page.getByTestId('tender-overview').waitFor();
    await page.locator('.table').first().waitFor();
    await fits(page, 'the tender');
    await page.context().close();
  });

  it("shows the bidder's tender and bids on a phone: no sideways scrolling, names not one character a line", async () => {
    const page = await open(390, 'bidder1');
    await page.goto(`/#/tenders/${tenderId}`);
    await page.getByTestId('tender-overview').waitFor();
    await page.locator('.table').first().waitFor();
    await fits(page, 'the tender');

    await page.goto('/#/bids');
    // bidder1's bid here, and those the demo seed sealed on its other tenders: every row laid out alike.
    const section = page.getByTestId('bid-section').first();
    await section.waitFor();
    await fits(page, 'my bids');
    const fontSize = await section.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const box = (await section.boundingBox())!;
    assert.ok(
      box.width >= 3.5 * fontSize,
      `the section name has room for a few characters (${box.width} px)`,
    );
    const badge = (await page.getByTestId('bid-status').first().boundingBox())!;
    assert.ok(badge.height < 2 * fontSize, 'the status badge stays on one line');
    await page.context().close();
  });

  it("keeps the expert pool's actions in view at 1366 px", async () => {
    const page = await open(1366, 'admin');
    await page.goto('/#/experts');
    const row = page.getByTestId('expert-row').first();
    await row.waitFor();
    await fits(page, 'the pool');
    const wrap = (await page.locator('.table-wrap:has([data-testid="experts-table"])').boundingBox())!;
    for (const button of await row.locator('td.actions button').all()) {
      const box = (await button.boundingBox())!;
      assert.ok(
        box.x >= wrap.x && box.x + box.width <= wrap.x + wrap.width + 0.5,
        `the ${await button.textContent()} button is inside the visible table box`,
      );
    }
    await page.context().close();
  });
});

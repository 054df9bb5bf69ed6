import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { bearer, login } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const RAW = /[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d{2}-\d{2}T\d{2}:/i;

/** By how many pixels the page is wider than the window (0: it fits). */
const overflow = (page: Page) =>
  page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));

describe('pages: open data and expert sanctions for visitors, linked from every page', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  before(async function () {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const phone = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
    });
    page = await phone.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('explains the open data with links that all answer, on a phone', async () => {
    await page.goto('/#/notices');
    await page.getByTestId('notices-page').waitFor();
    await settlesTo('the register link', () => page.getByTestId('header-register').textContent(), '注册');
    assert.equal(await page.getByTestId('footer-register').getAttribute('href'), '#/register');
    await page.getByTestId('footer-open-data').click();
    await page.getByTestId('open-data-page').waitFor();
    await page.getByTestId('open-data-tender').first().waitFor();
    const tender = (await server.testPlatform.platform.models.Tender.findAll())[0]!;
    await settlesTo(
      'the recent tenders',
      () => page.getByTestId('open-data-recent').innerText(),
      new RegExp(tender.title),
    );

    const links = await page
      .locator('[data-testid^="open-data-"] a[href^="/api/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    assert.ok(links.length >= 6, `feed, since, two per tender, notices, API (got ${links.length})`);
    for (const href of links) {
      const res = await page.request.get(href);
      assert.equal(res.status(), 200, href);
      assert.match(res.headers()['content-type'] ?? '', /json/, href);
    }
    const record = await (await page.request.get(`/api/v1/ocds/tenders/${tender.id}/record`)).json();
    assert.equal(record.records[0].compiledRelease.tender.title, tender.title);
    const visible = await page.getByTestId('open-data-page').innerText();
    // Addresses are shown for the feed (they are what a harvester types); tenders appear by name only.
    assert.ok(!(await page.getByTestId('open-data-recent').innerText()).match(RAW), 'no ids or ISO times');
    assert.match(visible, /OCDS 1\.1/);
    await settlesTo('fits 390 px: overflow', () => overflow(page), 0);
  });

  it('lists published expert sanctions by name, reason and Beijing date', async () => {
    await page.getByTestId('footer-expert-sanctions').click();
    await page.getByTestId('sanctions-empty').waitFor();

    const t = server.testPlatform;
    const admin = server.demo.admin;
    const token = await login(t.app, admin.username, admin.password);
    const [expert] = await t.platform.models.Expert.findAll({ order: [['name', 'ASC']], limit: 1 });
    await request(t.app)
      .post(`/api/v1/experts/${expert!.id}/sanctions`)
      .set(bearer(token))
      .send({ action: 'suspend', reason: '评标中未按评标办法评审' })
      .expect(201);

    await page.reload();
    const item = page.getByTestId('sanction');
    await item.waitFor();
    await settlesTo(
      'the expert named',
      () => item.getByTestId('sanction-expert').textContent(),
      expert!.name,
    );
    const text = await item.innerText();
    assert.match(text, /暂停资格/);
    assert.match(text, /事由：评标中未按评标办法评审/);
    assert.match(text, /公告日期 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    assert.ok(!RAW.test(text), `no ids or ISO times in "${text}"`);
    await item.locator('summary').click();
    await settlesTo(
      'the sanction opened',
      () => item.locator('.sanction-body').innerText(),
      new RegExp(`专家姓名：${expert!.name}`),
    );
    await settlesTo('fits 390 px: overflow', () => overflow(page), 0);
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TenderView } from '../../src/modules/tenders/schemas.js';
import { PASSWORD } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import {
  openingTender,
  openingWorld,
  relogin,
  releaseShares,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from '../helpers/opening.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

describe('the supervisors’ dashboard in a browser: live while a bid arrives and an opening runs', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let w: OpeningWorld;
  let tender: TenderView;
  let browser: Browser;
  let page: Page;

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: build the web app first`);
    server = await startTestServer({ seedDemo: false });
    const t = server.testPlatform;
    w = await openingWorld(t, 3);
    tender = await openingTender(t, w);
    // Two bids now; the third arrives while the supervisor watches.
    for (const i of [0, 1]) await submitTestBid(t, tender, w.bidders[i]!, { priceFen: 70_000_000 + i });
    // The opening day, an hour before the deadline: the opening is today's, bidding still open.
    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) - 3600_000));
    await relogin(t, w);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    // A phone's width: the dashboard must work at 390 px.
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
    });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const figure = (testId: string) => page.getByTestId(testId).locator('.sv-dash-value');

  it('shows the figures, then updates without a reload as a bid arrives and the opening runs', async () => {
    const t = server.testPlatform;
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(w.supervisor.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
    await page.getByTestId('nav-supervision').click();
    await page.getByTestId('supervision-dashboard').waitFor();
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    // Today's opening, not started, at the deadline's Beijing time; the tender pre-bid.
    const row = page.getByTestId('opening-row');
    await row.filter({ has: page.locator('[data-state="scheduled"]') }).waitFor();
    const deadline = new Date(tender.schedule.bidDeadline);
    const hhmm = new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
    await settlesTo(
      'the opening row',
      async () => (await row.textContent()) ?? '',
      new RegExp(`${hhmm}.*${tender.title}.*开标大厅.*待开标`),
    );
    await settlesTo(
      'the tender link',
      () => row.locator('a').first().getAttribute('href'),
      `#/supervision/tenders/${tender.id}`,
    );
    await settlesTo(
      'the hall link',
      () => row.locator('a').last().getAttribute('href'),
      `#/tenders/${tender.id}/opening`,
    );
    await settlesTo('tenders pre-bid', () => figure('stage-pre-bid').textContent(), '1');
    await settlesTo('bids today', () => figure('bids-today').textContent(), '0');
    // The charts are drawn (SVG), and say the same in words.
    await page.getByTestId('chart-stages').locator('svg').waitFor();
    await page.getByTestId('chart-trend').locator('svg').waitFor();
    await settlesTo(
      'the stages in words',
      async () => (await page.getByTestId('stages-summary').textContent()) ?? '',
      /投标前 1 个/,
    );

    // A bid arrives through the API: the page shows it, no reload. Changes are pushed once, to the sockets
    // connected then: the page's must be among them.
    await settlesTo(
      'the page connected to /supervision',
      () => server.realtime.io.of('/supervision').sockets.size > 0,
      true,
    );
    await submitTestBid(t, tender, w.bidders[2]!, { priceFen: 71_000_000 });
    await page.getByTestId('bids-today').filter({ hasText: /^1/ }).waitFor();

    // The deadline passes and the opening runs: the row turns to opened, the tender moves to post-bid.
    t.clock.set(deadline);
    await relogin(t, w);
    const runner = testRunner(t);
    await runner.run();
    for (const i of [0, 1]) await releaseShares(t, tender.id, w.custodians[i]!, w.custodianKeys[i]!);
    await runner.run();
    await row.filter({ has: page.locator('[data-state="complete"]') }).waitFor();
    await page.locator('[data-testid="supervision-dashboard"][data-post-bid="1"]').waitFor();
    await settlesTo('tenders pre-bid', () => figure('stage-pre-bid').textContent(), '0');
    await settlesTo('the opening row', async () => (await row.textContent()) ?? '', /开标结束.*评标中/);
    // Every column in view at a phone's width: the table does not scroll.
    const wrap = page.getByTestId('openings-table').locator('xpath=..');
    await settlesTo(
      'the openings table fits',
      () => wrap.evaluate((el) => el.scrollWidth <= el.clientWidth),
      true,
    );
    // The screens' alerts (one device for every upload) are counted and named, once screened and pushed.
    await page.getByTestId('alerts-by-indicator').waitFor();
    await settlesTo(
      'the alerts by indicator',
      async () => (await page.getByTestId('alerts-by-indicator').textContent()) ?? '',
      /同一设备投标/,
    );
    await settlesTo(
      'some alerts waiting',
      async () => Number(await figure('alerts-waiting').textContent()) > 0,
      true,
    );

    assert.equal(
      await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
      true,
    );
    // Names and Beijing times, never ids or ISO timestamps; nothing wider than the phone.
    const text = (await page.getByTestId('supervision-dashboard').textContent()) ?? '';
    assert.ok(!text.includes(tender.id), 'no tender id');
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T\d{2}:/);
    // The charts are drawn after the tables, once their boxes are sized.
    await settlesTo(
      'the page width beyond 390 px',
      () => page.evaluate(() => Math.max(390, document.documentElement.scrollWidth)),
      390,
    );
    await page.screenshot({ path: `${SHOTS}/supervision-dashboard.png`, fullPage: true });
    await page.getByTestId('panel-openings').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/supervision-dashboard-phone.png` });
  });
});

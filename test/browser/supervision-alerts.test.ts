import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TenderView } from '../../src/modules/tenders/schemas.js';
import { PASSWORD } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import { openingTender, openingWorld, submitTestBid, type OpeningWorld } from '../helpers/opening.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

describe('supervision in a browser: an alert taken up and resolved, and the tender drilled into', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let w: OpeningWorld;
  let tender: TenderView;
  let browser: Browser;
  let page: Page;
  let bidderNames: string[];

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: false });
    const t = server.testPlatform;
    w = await openingWorld(t, 2);
    tender = await openingTender(t, w);
    // Both bids come from the test client's one device: the same-device screen raises a critical alert.
    for (const bidder of w.bidders) await submitTestBid(t, tender, bidder);
    await t.platform.supervision.screener.idle();
    bidderNames = await Promise.all(
      w.bidders.map(async (b) => (await t.platform.parties.find(b.user.partyId!))!.name),
    );
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(w.supervisor.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const deviceRow = () => page.locator('[data-testid="alert-row"][data-indicator="same-device"]');

  it('the supervisor takes up the same-device alert and resolves it with a conclusion', async () => {
    await page.goto('/#/supervision/alerts?status=open');
    await deviceRow().waitFor();
    const row = (await deviceRow().textContent()) ?? '';
    assert.match(row, /同一设备投标/);
    assert.match(row, /严重/);
    assert.match(row, new RegExp(tender.title));
    assert.match(row, /\d{4}-\d\d-\d\d \d\d:\d\d/, 'raised in Beijing time');
    assert.doesNotMatch(row, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no raw id');

    // By keyboard: the row's button opens the dialog, which takes the focus.
    await deviceRow().getByTestId('alert-open').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('alert-dialog');
    await dialog.waitFor();
    const evidence = (await dialog.getByTestId('alert-evidence').textContent()) ?? '';
    for (const name of bidderNames) assert.ok(evidence.includes(name), `${name} named in the evidence`);
    await settlesTo(
      'focus is in the dialog',
      () => dialog.evaluate((el) => el.contains(document.activeElement)),
      true,
    );

    await dialog.getByTestId('alert-acknowledge').click();
    await dialog.getByTestId('alert-done').filter({ hasText: '已受理' }).waitFor();
    await dialog.getByTestId('alert-status').filter({ hasText: '处理中' }).waitFor();

    // Resolving needs a conclusion and a note: the form says so and sends nothing until both are there.
    await dialog.getByTestId('alert-resolve').click();
    await dialog.locator('.field-error').filter({ hasText: '请选择处理结论' }).waitFor();
    await dialog.getByTestId('alert-conclusion-select').selectOption('warning');
    await dialog.getByTestId('alert-note').fill('两家投标人使用同一台电脑递交，已约谈并书面警示。');
    await dialog.getByTestId('alert-resolve').click();
    await dialog.getByTestId('alert-status').filter({ hasText: '已办结' }).waitFor();
    await settlesTo('the conclusion', () => dialog.getByTestId('alert-conclusion').textContent(), '警示提醒');
    await page.screenshot({ path: `${SHOTS}/supervision-alert-resolved.png`, fullPage: true });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The open list no longer has it; the resolved list does.
    await deviceRow().waitFor({ state: 'detached' });
    await page.getByTestId('alerts-filter-resolved').click();
    await deviceRow().waitFor();
    await settlesTo('the listed status', () => deviceRow().getAttribute('data-status'), 'resolved');
    const stored = await server.testPlatform.platform.supervision.models.SupervisionAlert.findOne({
      where: { tenderId: tender.id, indicator: 'same-device' },
    });
    assert.equal(stored?.status, 'resolved');
    assert.equal(stored?.conclusion, 'warning');
  });

  it('opens the tender: its header, the timeline with actors and addresses, and who bid', async () => {
    await deviceRow().locator('a').click();
    await page.getByTestId('supervision-tender').waitFor();
    await page.getByTestId('sv-tender-title').filter({ hasText: tender.title }).waitFor();
    await settlesTo(
      'the hall link',
      () => page.getByTestId('sv-hall-link').getAttribute('href'),
      `#/tenders/${tender.id}/opening`,
    );

    const timeline = page.getByTestId('timeline-row');
    await page.locator('[data-testid="timeline-row"][data-action="supervision.alert-resolve"]').waitFor();
    const steps = await timeline.allTextContents();
    assert.match(steps[0]!, /创建招标项目/);
    assert.match(steps[1]!, /发布招标公告/);
    const bids = steps.filter((s) => s.includes('递交投标文件'));
    assert.equal(bids.length, 2);
    for (const [i, name] of bidderNames.entries()) {
      assert.ok(bids[i]!.includes(name), `the upload names ${name}`);
      assert.match(bids[i]!, /127\.0\.0\.1/);
    }
    assert.match(steps.at(-1)!, /办结监督预警.*同一设备投标.*警示提醒/);

    // Who bid, the alerts and the downloads load apart from the timeline.
    await settlesTo('the bid rows', () => page.getByTestId('bid-row').count(), 2);
    const whoBid = await page.getByTestId('bid-row').allTextContents();
    assert.equal(whoBid.length, 2);
    for (const name of bidderNames) assert.ok(whoBid.some((r) => r.includes(name)));
    for (const bidRow of whoBid) {
      assert.match(bidRow, /127\.0\.0\.1/);
      assert.match(bidRow, /与其他投标人相同/, 'the shared device is flagged');
    }
    await settlesTo('the alert status', () => deviceRow().getAttribute('data-status'), 'resolved');
    await page.locator('[data-testid="sv-downloads"] p.muted').first().waitFor();
    const text = (await page.getByTestId('supervision-tender').textContent()) ?? '';
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/, 'no raw ids on the page');
    assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT\d\d:/, 'no ISO timestamps');
    await page.screenshot({ path: `${SHOTS}/supervision-tender.png`, fullPage: true });

    // In English too: the steps and the indicator in words.
    await page.getByTestId('lang-switch').click();
    await page.locator('[data-testid="timeline-row"]', { hasText: 'Bid submitted' }).first().waitFor();
    await settlesTo(
      'the alert in English',
      async () => (await deviceRow().textContent()) ?? '',
      /Same device.*Critical.*Resolved/,
    );
    await page.getByTestId('lang-switch').click();
    await page.locator('[data-testid="timeline-row"]', { hasText: '递交投标文件' }).first().waitFor();
    // The page is drawn again in Chinese, its sections loading apart: measured once they are all back.
    await page.getByTestId('bid-row').nth(1).waitFor();
    await page
      .locator('[data-testid="alert-row"][data-indicator="same-device"]', { hasText: '严重' })
      .waitFor();
    await page.locator('[data-testid="sv-downloads"] p.muted').first().waitFor();

    // On a 390 px phone the tables turn into cards: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => window.innerWidth === 390);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page fits 390 px (overflows by ${overflow} px)`);
    await page.getByTestId('sv-bids').screenshot({ path: `${SHOTS}/supervision-tender-390-bids.png` });
    await page.getByTestId('sv-alerts').screenshot({ path: `${SHOTS}/supervision-tender-390-alerts.png` });
  });

  it('shows a new alert as it is raised, without a reload', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/#/supervision/alerts?status=open');
    await page.getByTestId('alerts-table').waitFor();
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    // The alert is pushed once, to the sockets connected then: the page's must be among them.
    await settlesTo(
      'the page connected to /supervision',
      () => server.realtime.io.of('/supervision').sockets.size > 0,
      true,
    );
    const t = server.testPlatform;
    const next = await openingTender(t, w);
    for (const bidder of w.bidders) await submitTestBid(t, next, bidder);
    await t.platform.supervision.screener.idle();
    await page
      .locator('[data-testid="alert-row"][data-indicator="same-device"]', { hasText: next.title })
      .waitFor();
    assert.equal(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
      true,
    );
  });
});

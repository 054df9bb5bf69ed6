import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TenderView } from '../../src/modules/tenders/schemas.js';
import { PASSWORD, type TestUser } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import {
  openingTender,
  openingWorld,
  relogin,
  submitTestBid,
  type OpeningWorld,
} from '../helpers/opening.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const REASON = '接到实名投诉，招标文件设置排他性条款，需核查';

describe('supervisory instructions in a browser: a tender suspended and resumed from its page', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let w: OpeningWorld;
  let tender: TenderView;
  let browser: Browser;
  let supervisor: Page;
  let bidder: Page;

  const logIn = async (page: Page, user: TestUser) => {
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(user.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
  };
  const order = async (button: string, reason: string) => {
    await supervisor.getByTestId(button).click();
    await supervisor.getByTestId('decision-reason').fill(reason);
    await supervisor.getByTestId('decision-confirm').click();
  };

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: false });
    const t = server.testPlatform;
    w = await openingWorld(t, 1);
    tender = await openingTender(t, w);
    await submitTestBid(t, tender, w.bidders[0]!);
    // Two hours before the opening: the bidder may check in at the hall.
    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) - 2 * 3600_000));
    await relogin(t, w);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    supervisor = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    bidder = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    await logIn(supervisor, w.supervisor);
    await logIn(bidder, w.bidders[0]!.user);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the supervisor suspends the tender with a reason; everyone sees the banner', async () => {
    await supervisor.goto(`/#/tenders/${tender.id}`);
    const panel = supervisor.getByTestId('instruction-panel');
    await panel.waitFor();
    await panel.filter({ hasText: '本项目暂无监督指令' }).waitFor();
    await order('instruction-suspension', REASON);
    await supervisor
      .getByTestId('tender-held')
      .filter({ hasText: `本项目已被监督部门暂停：${REASON}` })
      .waitFor();
    // The page is drawn again after the order, its panel loading apart from the banner.
    await supervisor
      .locator('[data-testid="instruction-history"] tbody tr')
      .filter({ hasText: /JG-\d{4}-0001/ })
      .waitFor();
    const history = (await supervisor.getByTestId('instruction-history').textContent()) ?? '';
    assert.match(history, /JG-\d{4}-0001/);
    assert.match(history, /暂停/);
    assert.ok(history.includes(w.supervisor.username), 'the supervisor by name');
    assert.match(history, /\d{4}-\d\d-\d\d \d\d:\d\d/, 'Beijing time');
    assert.doesNotMatch(history, /[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d\d-\d\dT\d\d:/, 'no raw ids or ISO times');
    await supervisor.screenshot({ path: `${SHOTS}/supervision-instruction-held.png`, fullPage: true });

    await bidder.goto(`/#/tenders/${tender.id}`);
    await bidder.getByTestId('tender-held').filter({ hasText: REASON }).waitFor();
    assert.equal(await bidder.getByTestId('instruction-suspension').count(), 0, 'no orders for a bidder');
  });

  it("the bidder's check-in is refused with the suspension's message", async () => {
    await bidder.goto(`/#/tenders/${tender.id}/opening`);
    await bidder.getByTestId('hall-check-in').click();
    await bidder.getByTestId('hall-error').filter({ hasText: '本项目已被监督部门暂停' }).waitFor();
    assert.equal(await bidder.getByTestId('hall-checked-in').count(), 0);
  });

  it('the supervisor resumes it; the banner goes and the bidder checks in', async () => {
    await order('instruction-resumption', '经核查，投诉不成立，恢复招标');
    await supervisor.getByTestId('instruction-suspension').waitFor();
    await supervisor.getByTestId('tender-held').waitFor({ state: 'detached' });
    // The history is drawn again after the order, maybe after the banner goes: wait for its second row.
    const history = supervisor.locator('[data-testid="instruction-history"] tbody tr');
    await history.nth(1).waitFor();
    const rows = await history.allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows[1]!, /JG-\d{4}-0002.*恢复/);

    await bidder.goto(`/#/tenders/${tender.id}`);
    await bidder.getByTestId('tender-detail').waitFor();
    await bidder.getByTestId('tender-title').waitFor();
    assert.equal(await bidder.getByTestId('tender-held').count(), 0);
    await bidder.goto(`/#/tenders/${tender.id}/opening`);
    await bidder.getByTestId('hall-check-in').click();
    await bidder.getByTestId('hall-checked-in').waitFor();
  });

  it('the panel fits a 390 px screen and works by keyboard', async () => {
    await supervisor.setViewportSize({ width: 390, height: 844 });
    await supervisor.goto(`/#/tenders/${tender.id}`);
    await supervisor.getByTestId('instruction-history').waitFor();
    // The sections load apart: measured until the page has settled.
    await settlesTo(
      'the page fits 390 px: overflow in px',
      () => supervisor.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)),
      0,
    );
    await supervisor.getByTestId('instruction-suspension').focus();
    await supervisor.keyboard.press('Enter');
    await supervisor.getByTestId('decision-dialog').waitFor();
    await supervisor.keyboard.press('Escape');
    await supervisor.getByTestId('decision-dialog').waitFor({ state: 'detached' });
    assert.equal(await supervisor.getByTestId('tender-held').count(), 0, 'cancelling orders nothing');
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { JobRunner } from '../../src/platform/jobs/index.js';
import { PASSWORD } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { publishedTender, tenderWorld, type TenderWorld } from '../helpers/tenders.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const HOUR = 3600_000;

describe('supervision digest in a browser: the day in words, at 390 px and by keyboard', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let w: TenderWorld;
  let title: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: false });
    const t = server.testPlatform;
    w = await tenderWorld(t);
    const tender = await publishedTender(t, w);
    title = tender.title;
    // A notice lost out of band: the watchdog finds it an hour after publication.
    await t.platform.db.sequelize.model('Notice').destroy({ where: { tenderId: tender.id, kind: 'tender' } });
    const runner = new JobRunner(t.platform.jobs, t.platform, { holder: 'digest-browser' });
    const runDue = async () => {
      await t.platform.supervision.watchdogs.idle();
      for (;;) {
        const { started } = await runner.tick();
        await runner.drain();
        if (started.length === 0) return;
      }
    };
    t.clock.advance(HOUR);
    await runDue();
    // The next morning at 08:00 Beijing, the day's digest.
    await t.platform.supervision.digests.ensureScheduled();
    const day = new Date(t.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
    t.clock.set(new Date(Date.parse(`${day}T00:00:00Z`) + 24 * HOUR));
    await runDue();
    await runner.stop();

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await (
      await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 390, height: 844 } })
    ).newPage();
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

  it('shows the day by name: its date in words, the figures, the finding in words, no ids or ISO times', async () => {
    await page.goto('/#/supervision/digest');
    await page.getByTestId('digest-date').waitFor();
    assert.equal(await page.getByTestId('digest-date').textContent(), '2026年01月05日');
    const text = (await page.getByTestId('digest-page').textContent()) ?? '';
    assert.match(text, /新增预警1/);
    assert.match(text, /公告缺失/);
    assert.ok(text.includes(title), 'the tender by its title');
    assert.match(text, /No tender notice/);
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no raw id');
    assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT\d\d:/, 'no ISO instant');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `fits 390 px (overflow ${overflow} px)`);
  });

  it('opens the finding by keyboard on the alerts page', async () => {
    const link = page.getByTestId('digest-watchdogs').locator('a').first();
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/supervision\/alerts\?alert=/);
    await page.getByTestId('alert-dialog').waitFor();
  });
});

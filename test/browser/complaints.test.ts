import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { publishedTender, tenderWorld, type TenderWorld } from '../helpers/tenders.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;

describe('complaints in a browser: filed from the tender on a phone, handled by the supervisor, published', function () {
  this.timeout(120_000);
  let server: TestServer;
  let w: TenderWorld;
  let tender: { id: string; title: string };
  let browser: Browser;

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: false });
    const t = server.testPlatform;
    // Wednesday 30 September 2026, 10:00 Beijing: National Day follows, then the 调休 Saturday.
    t.clock.set('2026-09-30T02:00:00Z');
    w = await tenderWorld(t);
    tender = (await publishedTender(t, w)) as { id: string; title: string };
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(username: string, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await (await browser.newContext({ baseURL: server.baseUrl, viewport })).newPage();
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
    return page;
  }

  it('a bidder files a complaint with a PDF from the tender page at 390 px and sees its due date', async () => {
    const phone = await signedIn(w.bidder.username, { width: 390, height: 844 });
    await phone.goto(`/#/tenders/${tender.id}`);
    await phone.getByTestId('tender-complain').click();
    const dialog = phone.getByTestId('complaint-file-dialog');
    await dialog.locator('textarea[name="facts"]').fill('评标委员会未按招标文件规定的评分标准评审。');
    await dialog.locator('textarea[name="request"]').fill('请求责令重新评审。');
    await dialog.locator('input[name="knewOn"]').fill('2026-09-25');
    await dialog
      .locator('input[name="evidence"]')
      .setInputFiles({ name: '评分表.pdf', mimeType: 'application/pdf', buffer: PDF });
    await dialog.getByTestId('complaint-submit').click();
    // Received 30 September: 8, 9 and Saturday 10 October (调休); the end of that day in Beijing time.
    await dialog.getByTestId('complaint-filed').filter({ hasText: '2026-10-10 23:59' }).waitFor();

    await phone.getByTestId('complaints-page').waitFor();
    const row = phone.getByTestId('complaint-row');
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    assert.match(text, new RegExp(tender.title));
    assert.match(text, /待受理/);
    assert.match(text, /受理期限 2026-10-10 23:59 · 剩余 3 个工作日/);
    assert.doesNotMatch(text, UUID, 'no raw id');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the list fits 390 px (overflows by ${overflow} px)`);
  });

  it('the supervisor accepts, stops and resumes the clock, and decides, by keyboard', async () => {
    const page = await signedIn(w.supervisor.username);
    await page.goto('/#/supervision/complaints?status=filed');
    const row = page.getByTestId('complaint-row');
    await row.waitFor();
    await row.getByTestId('complaint-open').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('complaint-dialog');
    await dialog.waitFor();
    await settlesTo(
      'focus is in the dialog',
      () => dialog.evaluate((el) => el.contains(document.activeElement)),
      true,
    );
    assert.match((await dialog.getByTestId('complaint-evidence').textContent()) ?? '', /评分表\.pdf/);

    await dialog.locator('textarea[name="review-reason"]').fill('符合受理条件');
    await dialog.getByTestId('complaint-accept').click();
    await dialog.getByTestId('complaint-status').filter({ hasText: '已受理' }).waitFor();
    // Accepted 30 September: 30 working days from 8 October (National Day off, 10 October worked).
    assert.match((await dialog.getByTestId('complaint-clock').textContent()) ?? '', /剩余 30 个工作日/);

    await dialog.locator('select[name="stop-kind"]').selectOption('expert-review');
    await dialog.locator('textarea[name="stop-reason"]').fill('组织专家复核');
    await dialog.getByTestId('complaint-stop').click();
    await dialog.getByTestId('complaint-clock').filter({ hasText: '计时已中止' }).waitFor();
    await dialog.getByTestId('complaint-resume').click();
    await dialog.getByTestId('complaint-stop').waitFor();
    assert.match((await dialog.getByTestId('complaint-stop-line').first().textContent()) ?? '', /恢复/);

    await dialog.locator('select[name="conclusion"]').selectOption('partly-upheld');
    await dialog.locator('textarea[name="decision-text"]').fill('投诉部分成立，责令重新评审。');
    await dialog.getByTestId('complaint-decide').click();
    await dialog.getByTestId('complaint-status').filter({ hasText: '已处理' }).waitFor();
    assert.doesNotMatch((await dialog.textContent()) ?? '', UUID, 'no raw id in the dialog');
  });

  it('anyone reads the published decision', async () => {
    const page = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    await page.goto('/#/complaints/decisions');
    const item = page.getByTestId('decision-item');
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    assert.match(text, new RegExp(tender.title));
    assert.match(text, /投诉部分成立/);
    assert.match(text, /2026-09-30 \d\d:\d\d 作出决定/);
    assert.doesNotMatch(text, UUID);
  });
});

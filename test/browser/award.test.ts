import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TenderView } from '../../src/modules/tenders/schemas.js';
import { PASSWORD, type TestUser } from '../helpers/api.js';
import { openingTender, openingWorld, relogin, type OpeningWorld } from '../helpers/opening.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const DAY = 24 * 3600_000;
const RAW = /[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d\d-\d\dT\d\d:/;

/**
 * The award stage in a browser: the tenderee publishes the candidates of a section whose report is completed, a
 * bidder objects, the tenderee answers and, after the publicity, confirms the second candidate because the first
 * declined; the winner downloads its 中标通知书. The report is set up as the award module stores it (the
 * evaluation that produces it is test/award.test.ts's and the evaluation tests' subject).
 */
describe('award pages in a browser: publicity, objection, award and the letter', function () {
  this.timeout(300_000);
  let server: TestServer;
  let w: OpeningWorld;
  let tender: TenderView;
  let browser: Browser;
  let agency: Page;
  let bidder: Page;
  let names: string[];

  const t = () => server.testPlatform;
  const logIn = async (page: Page, user: TestUser) => {
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(user.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
  };
  /** A fresh browser context signed in as the user (after the clock's jump the old sessions have expired). */
  const signedIn = async (user: TestUser) => {
    const page = await (
      await browser.newContext({ baseURL: server.baseUrl, acceptDownloads: true })
    ).newPage();
    await logIn(page, user);
    return page;
  };
  const open = async (page: Page) => {
    await page.goto('/#/notices');
    // The page renders a hash change in its own event, which goto does not wait for: the tender page left
    // open must be gone first, or its panel (as it was before the last step) could be the one found below.
    await page.getByTestId('notices-page').waitFor();
    await page.goto(`/#/tenders/${tender.id}`);
    await page.getByTestId('award-panel').waitFor();
  };
  const stage = (page: Page, text: string) =>
    page.getByTestId('award-stage').filter({ hasText: text }).waitFor();

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: false });
    w = await openingWorld(t(), 3);
    tender = await openingTender(t(), w);
    const parties = await Promise.all(w.bidders.map((b) => t().platform.parties.find(b.user.partyId!)));
    names = parties.map((p) => p!.name);
    await t().platform.models.Tender.update({ status: 'evaluating' }, { where: { id: tender.id } });
    await t().platform.models.AwardReport.create({
      id: randomUUID(),
      tenderId: tender.id,
      sectionId: tender.sections[0]!.id,
      evaluationId: randomUUID(),
      digest: '0'.repeat(64),
      completedAt: t().clock.now(),
      candidates: JSON.stringify(
        parties.map((p, i) => ({
          rank: i + 1,
          bidId: randomUUID(),
          bidderPartyId: p!.id,
          bidderName: p!.name,
          priceFen: 880_000_00 + i * 20_000_00,
          score: 9000 - i * 300,
          technicalScore: 3600,
          priceScore: 5400 - i * 300,
        })),
      ),
      supersededAt: null,
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    agency = await signedIn(w.tenderee);
    bidder = await signedIn(w.bidders[1]!.user);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the tenderee sees the candidates by name in 元 and publishes them with the earliest end filled in', async () => {
    await open(agency);
    await stage(agency, '评标报告已完成，待公示');
    const table = (await agency.getByTestId('award-candidates').textContent()) ?? '';
    for (const name of names) assert.ok(table.includes(name), name);
    assert.ok(table.includes('¥880,000.00'));
    assert.doesNotMatch(table, RAW);
    const form = (await agency.getByTestId('award-publish-form').textContent()) ?? '';
    assert.match(form, /最迟于 \d{4}-\d\d-\d\d \d\d:\d\d 开始/);
    assert.match(form, /最早于 \d{4}-\d\d-\d\d 00:00 结束/);
    await agency.getByTestId('award-publish').click();
    await stage(agency, '公示中');
    assert.equal((await t().platform.tenders.find(tender.id))!.status, 'publicity');
    await agency.screenshot({ path: `${SHOTS}/award-publicity.png`, fullPage: true });
  });

  it('a bidder objects during the publicity; the tenderee answers it', async () => {
    await open(bidder);
    await bidder.getByTestId('award-objection-text').fill('第一中标候选人的业绩证明材料与实际不符，请核查。');
    await bidder.getByTestId('award-object').click();
    await bidder.getByRole('status').filter({ hasText: '异议已提交' }).waitFor();
    await open(agency);
    await agency.getByText('尚有 1 项异议未答复').waitFor();
    await agency.getByTestId('award-answer-text').fill('经核查，业绩证明材料真实有效，异议不成立。');
    await agency.getByTestId('award-answer').click();
    await agency.getByText(/已于 .* 答复：经核查/).waitFor();
  });

  it('after the publicity the tenderee confirms the second candidate, giving the ground and reason for the first', async () => {
    t().clock.set(new Date(t().clock.now().getTime() + 5 * DAY));
    await relogin(t(), w);
    agency = await signedIn(w.tenderee);
    await open(agency);
    await stage(agency, '公示期已结束，待定标');
    await agency.getByTestId('award-winner-select').selectOption('2');
    const passOver = agency.getByTestId('award-pass-over-1');
    await passOver.locator('select').selectOption('declined');
    await passOver.locator('textarea').fill('第一中标候选人书面声明放弃中标。');
    await agency.getByTestId('award-confirm').click();
    await agency
      .getByTestId('award-winner')
      .filter({ hasText: `中标人：${names[1]}` })
      .waitFor();
    assert.equal((await t().platform.tenders.find(tender.id))!.status, 'awarded');
    await agency.setViewportSize({ width: 390, height: 844 });
    await agency.screenshot({ path: `${SHOTS}/award-awarded-390.png`, fullPage: true });
    const width = await agency.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);
  });

  it('the winner downloads its 中标通知书 as a PDF', async () => {
    bidder = await signedIn(w.bidders[1]!.user);
    await open(bidder);
    const letters = bidder.getByTestId('award-letters');
    await letters.waitFor();
    const text = (await letters.textContent()) ?? '';
    assert.ok(text.includes('中标通知书'));
    assert.doesNotMatch(text, RAW);
    const [download] = await Promise.all([
      // The PDF is made on request; rendering CJK text takes seconds on a loaded machine.
      bidder.waitForEvent('download', { timeout: 180_000 }),
      bidder.getByTestId('award-letter-download').click({ timeout: 180_000 }),
    ]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
  });
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { bearer, PASSWORD, type TestUser } from '../helpers/api.js';
import { evaluationScene, type EvaluationScene } from '../helpers/evaluation.js';
import { Committee } from '../helpers/evaluation-room.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { SocketClients } from '../helpers/sockets.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const HOUR = 3600_000;
const RAW = /[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d\d-\d\dT\d\d:/;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations inside `selector`, in words (as pages-accessibility.test.ts). */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async (scope) => {
    type Result = { id: string; impact: string | null; nodes: { target: string[] }[] };
    type Axe = { run(context: string, options: object): Promise<{ violations: Result[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    return (await axe.run(scope, { resultTypes: ['violations'] })).violations;
  }, selector);
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * From the signed report to the contract in a browser: a committee (over sockets) concludes, one expert signs
 * the report in the browser and the others over the API; the agency publishes the candidates in the award panel,
 * the platform's clock passes the publicity, the agency confirms the winner, is refused a contract price one fen
 * off the award (shown next to the field, nothing recorded), records the contract, returns a deposit, records a
 * milestone and a payment and the acceptance; the winner finds the contract on #/contracts.
 */
describe('contract pages in a browser: from the report signing to the acceptance', function () {
  this.timeout(300_000);
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  let room: Committee;
  let browser: Browser;
  let agency: Page;

  const t = () => server.testPlatform;
  const now = () => t().clock.now();
  const api = (user: TestUser) => ({
    get: (path: string) => request(t().app).get(`/api/v1${path}`).set(bearer(user.token)),
  });
  /** A fresh context signed in (after the clock's jump the old sessions have expired); dialogs are accepted. */
  const signedIn = async (username: string, width = 1280): Promise<Page> => {
    // The platform's CSP refuses inline scripts, axe's included: lifted for the test's own script only.
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    // The browser reads the platform's (moved) clock, so the days left to the contract limit match the server.
    await page.clock.setFixedTime(now());
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
    return page;
  };
  const openTender = async (page: Page, panel: string) => {
    await page.goto('/#/notices');
    // The page renders a hash change in its own event, which goto does not wait for: the tender page left
    // open must be gone first, or its panel (as it was before the last step) could be the one found below.
    await page.getByTestId('notices-page').waitFor();
    await page.goto(`/#/tenders/${scene.tender.id}`);
    await page.getByTestId(panel).waitFor();
  };
  const contracts = () => t().platform.models.Contract.count({ where: { tenderId: scene.tender.id } });
  /** Nothing scrolls sideways, and nothing in the new panel or page sticks out of its box (clipped or not). */
  const noSidewaysScroll = async (page: Page) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal overflow at 390 px (${width})`);
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.contract-section, [data-testid="my-contracts"]')).flatMap(
        (root) => {
          const edge = Math.min(root.getBoundingClientRect().right, 390) + 1;
          return Array.from(root.querySelectorAll('*'))
            .filter((e) => e.getBoundingClientRect().right > edge)
            .slice(0, 5)
            .map((e) => `${e.tagName}.${e.className}`);
        },
      ),
    );
    assert.deepEqual(wide, [], 'elements past the right edge at 390 px');
  };
  /** Beijing calendar date of an instant, `2026-12-06`. */
  const beijingDay = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npm run build first`);
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(t(), { bidders: 3 });
    room = await Committee.open(scene, clients);
    await room.toScoring();
    await room.scoreAllAndConclude();
    clients.closeAll();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    clients?.closeAll();
    await browser?.close();
    await server?.stop();
  });

  it('an expert signs the report in the browser; the others over the API complete it', async () => {
    const page = await signedIn(room.seats[0]!.user.username);
    await page.goto(`/#/evaluations/${room.evaluationId}/report`);
    await page.getByTestId('evaluation-key-create').click();
    await page.getByTestId('evaluation-key-ready').waitFor({ timeout: 60_000 });
    await page.getByTestId('report-agree').click();
    await page.getByTestId('report-signed').waitFor();
    await room.signReport(t().app, room.seats.slice(1));
    const state = (await api(scene.supervisor).get(`/evaluations/${room.evaluationId}/report`).expect(200))
      .body.state as string;
    assert.equal(state, 'completed');
    await t().platform.events.consumers.drain('award-reports');
    await page.context().close();
  });

  it('the agency publishes the candidates; after the publicity it confirms the first', async () => {
    agency = await signedIn(scene.agency.username);
    await openTender(agency, 'award-panel');
    await agency.getByTestId('award-publish').click();
    await agency.getByTestId('award-stage').filter({ hasText: '公示中' }).waitFor();
    const award = (await api(scene.agency).get(`/tenders/${scene.tender.id}/award`).expect(200)).body
      .sections[0];
    t().clock.set(new Date(Date.parse(award.publicity.endsAt) + HOUR));
    await scene.relogin();
    await agency.context().close();
    agency = await signedIn(scene.agency.username);
    await openTender(agency, 'award-panel');
    await agency.getByTestId('award-confirm').click();
    await agency.getByTestId('award-winner').waitFor();
    assert.equal((await t().platform.tenders.find(scene.tender.id))!.status, 'awarded');
  });

  it('a contract price one fen off the award is refused next to the field, and nothing is recorded', async () => {
    await openTender(agency, 'contract-panel');
    const form = agency.getByTestId('contract-sign-form');
    await form.waitFor();
    const limit = (await agency.getByTestId('contract-limit').textContent()) ?? '';
    assert.match(limit, /应于 \d{4}-\d\d-\d\d（北京时间）前签订/);
    assert.match(limit, /剩余 3[01] 天/);
    const price = await form.getByTestId('cf-priceFen').inputValue();
    assert.match(price, /^\d+\.\d\d$/, 'prefilled with the awarded price');
    await form.getByTestId('cf-priceFen').fill((Number(price) + 0.01).toFixed(2));
    await form.getByTestId('cf-subject').fill('道路改造工程施工');
    await form.getByTestId('cf-quality').fill('合格，符合国家验收规范');
    await form.getByTestId('cf-paymentMethod').fill('按进度付款，验收后付清');
    const start = now();
    await form.getByTestId('cf-startsOn').fill(beijingDay(start));
    await form
      .getByTestId('tf-dueAt')
      .fill(`${beijingDay(new Date(start.getTime() + 200 * 24 * HOUR))}T17:00`);
    await agency.getByTestId('contract-sign').click();
    const error = form.locator('[data-error-for="priceFen"]');
    await error.filter({ hasText: '合同价款应与中标价' }).waitFor();
    assert.doesNotMatch((await error.textContent()) ?? '', /CONTRACT_PRICE_DIFFERS/);
    assert.equal(await contracts(), 0);
    await agency.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(agency);
    await form.screenshot({ path: `${SHOTS}/contract-sign-refused-390.png` });
    await agency.setViewportSize({ width: 1280, height: 900 });
    await form.getByTestId('cf-priceFen').fill(price);
    await agency.getByTestId('contract-sign').click();
    await agency.getByTestId('contract-facts').waitFor();
    assert.equal(await contracts(), 1);
    assert.equal((await t().platform.tenders.find(scene.tender.id))!.status, 'contracted');
  });

  it('the agency returns a deposit, records a milestone, a payment and the acceptance', async () => {
    const deposit = agency.getByTestId('contract-deposit').first();
    const bidder = (await deposit.getAttribute('data-bidder'))!;
    await deposit.getByTestId('contract-deposit-return').click();
    await agency
      .locator(`[data-testid="contract-deposit"][data-bidder="${bidder}"]`)
      .filter({ hasText: '已退还' })
      .waitFor();
    assert.deepEqual(await seriousViolations(agency, '[data-testid="contract-panel"]'), []);
    const milestone = agency.getByTestId('contract-milestone');
    await milestone.getByTestId('cf-description').fill('基层施工完成');
    await milestone
      .getByTestId('tf-plannedAt')
      .fill(`${beijingDay(new Date(now().getTime() + 30 * 24 * HOUR))}T09:00`);
    await milestone.getByTestId('contract-milestone-submit').click();
    await agency.locator('[data-testid="contract-records"] li[data-kind="milestone"]').waitFor();
    const payment = agency.getByTestId('contract-payment');
    await payment.getByTestId('tf-amountFen').fill('100000');
    await payment.getByTestId('contract-payment-submit').click();
    await agency.getByTestId('contract-paid').filter({ hasText: '已付 ¥100,000.00' }).waitFor();
    await agency.getByTestId('contract-accept-submit').click();
    await agency.getByTestId('contract-ended').filter({ hasText: '按期完成' }).waitFor();
    assert.equal((await t().platform.tenders.find(scene.tender.id))!.status, 'closed');
    const text = await agency.getByTestId('contract-panel').innerText();
    assert.doesNotMatch(text, RAW);
    assert.ok(text.includes('¥'));
    await agency.screenshot({ path: `${SHOTS}/contract-panel-1280.png`, fullPage: true });
    await agency.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(agency);
    await agency.screenshot({ path: `${SHOTS}/contract-panel-390.png`, fullPage: true });
  });

  it('the winner sees the contract on #/contracts, read-only performance on the tender page', async () => {
    const winnerName = (await api(scene.agency).get(`/tenders/${scene.tender.id}/contracts`).expect(200)).body
      .sections[0].contract.supplierName as string;
    const winner = scene.bids.find((b) => b.bidder.name === winnerName)!;
    const page = await signedIn(winner.bidder.user.username, 390);
    assert.ok((await page.locator('a[href="#/contracts"]').count()) > 0, 'a nav entry for bidders');
    await page.goto('/#/contracts');
    const item = page.getByTestId('contracts-item');
    await item.waitFor();
    const text = await page.getByTestId('my-contracts').innerText();
    assert.ok(text.includes(scene.tender.title));
    assert.ok(text.includes('已验收'));
    assert.match(text, /¥[\d,]+\.\d\d/);
    assert.doesNotMatch(text, RAW);
    assert.deepEqual(await seriousViolations(page, '[data-testid="my-contracts"]'), []);
    await noSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/contracts-mine-390.png`, fullPage: true });
    await item.getByRole('link').click();
    await page.getByTestId('contract-performance').waitFor();
    assert.equal(await page.getByTestId('contract-milestone').count(), 0, 'no forms for the supplier');
    await page.getByTestId('lang-switch').click();
    await page.getByText('Contract and performance').waitFor();
    await page.getByTestId('contract-ended').filter({ hasText: 'on time' }).waitFor();
  });

  it('the public reads the contract facts only: no deposits, no performance, no forms', async () => {
    const page = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    await openTender(page, 'contract-panel');
    await page.getByTestId('contract-facts').waitFor();
    for (const part of ['contract-deposits', 'contract-performance', 'contract-sign-form'])
      assert.equal(await page.getByTestId(part).count(), 0, part);
    assert.doesNotMatch(await page.getByTestId('contract-panel').innerText(), RAW);
  });
});

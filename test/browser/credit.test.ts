import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DomainEvents, EventName } from '../../src/platform/events.js';
import { PASSWORD } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { publishedTender, tenderWorld, type TenderWorld } from '../helpers/tenders.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SYSTEM = { actor: null, ip: 'system', requestId: 'credit-browser-test' };
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The credit pages in a browser: the public query by USCC and the party's page (names, Beijing time, no ids or
 * ISO instants), and a blacklisted bidder's refusal in words on the bid page, naming the record.
 */
describe('credit in a browser: the public query and a barred bidder’s refusal', function () {
  this.timeout(180_000);
  let server: TestServer;
  let world: TenderWorld;
  let tender: { id: string };
  let browser: Browser;
  let page: Page;
  let uscc: string;

  async function emit<K extends EventName>(type: K, data: DomainEvents[K]) {
    const { platform } = server.testPlatform;
    await platform.db.transaction((tx) => platform.events.emit(tx, SYSTEM, type, data));
    await platform.events.consumers.drain('credit-records');
  }

  before(async function () {
    if (!existsSync(WEB_INDEX))
      throw new Error(`${WEB_INDEX} is missing: build the web app (npx vite build web)`);
    server = await startTestServer({ seedDemo: false });
    world = await tenderWorld(server.testPlatform);
    tender = await publishedTender(server.testPlatform, world);
    uscc = (await server.testPlatform.platform.parties.find(world.bidder.partyId!))!.uscc;
    // A contract terminated for the supplier's breach: a blacklisting record for two years.
    await emit('performance.terminated', {
      tenderId: tender.id,
      sectionId: 'section-elsewhere',
      contractId: 'contract-elsewhere',
      supplierPartyId: world.bidder.partyId!,
      reason: '逾期三十日未交付',
      faultOf: 'supplier',
      at: server.testPlatform.clock.now().toISOString(),
    } as DomainEvents['performance.terminated']);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
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

  it('finds the party by USCC and shows its record with basis and Beijing time', async () => {
    await page.goto('/#/notices');
    await page.getByTestId('footer-credit').click();
    await page.getByTestId('credit-page').waitFor();
    await page.getByTestId('credit-q').fill(uscc);
    await page.getByTestId('credit-submit').press('Enter');
    await page.getByTestId('credit-result').waitFor();
    assert.match((await page.getByTestId('credit-score').textContent()) ?? '', /信用分 55/);
    await page.getByTestId('credit-result').getByRole('link').click();
    await page.getByTestId('credit-record').waitFor();
    const text = (await page.getByTestId('credit-party').textContent()) ?? '';
    assert.match(text, /因供应商原因解除合同/);
    assert.match(text, /《招标投标法》第六十条/);
    assert.match(text, /北京时间/);
    assert.doesNotMatch(text, ISO);
    assert.doesNotMatch(text, new RegExp(world.bidder.partyId!));
    await page.screenshot({ path: `${SHOTS}/yg-credit-party.png`, fullPage: true });
  });

  it('refuses the barred bidder’s bid with a message naming the record', async () => {
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(world.bidder.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
    await page.goto('/#/certificate');
    await page.getByTestId('cert-generate').click();
    await page.getByTestId('cert-issued').waitFor({ timeout: 90_000 });
    await page.goto(`/#/tenders/${tender.id}`);
    await page.getByTestId('tender-bid').click();
    await page.getByTestId('bid-form').waitFor();
    await page.getByTestId('bid-field-price').fill('880000.00');
    await page.getByTestId('bid-field-durationDays').fill('365');
    await page
      .getByTestId('bid-files')
      .setInputFiles({ name: '技术标.txt', mimeType: 'text/plain', buffer: Buffer.from('技术标内容') });
    await page.getByTestId('bid-deposit-bank').fill('中国银行南宁分行');
    await page.getByTestId('bid-deposit-accountName').fill('测试投标人有限公司');
    await page.getByTestId('bid-deposit-accountNumber').fill('6217 0000 1234 5678');
    await page.getByTestId('bid-seal-submit').click();
    await page.getByTestId('bid-review').waitFor();
    await page.getByTestId('bid-review-confirm').click();
    const error = page.getByTestId('submission-error');
    await error.waitFor({ timeout: 60_000 });
    const message = (await error.textContent()) ?? '';
    assert.match(message, /因供应商原因解除合同/);
    assert.match(message, /失信惩戒期内/);
    assert.match(message, /北京时间/);
    assert.doesNotMatch(message, ISO);
    await page.screenshot({ path: `${SHOTS}/yg-credit-barred.png`, fullPage: true });
  });

  it('lets the barred party object to its record from its credit page; the record shows the objection pending', async () => {
    await page.goto(`/#/credit/${uscc}`);
    const record = page.getByTestId('credit-record');
    await record.waitFor();
    await record.locator('summary').click();
    await page.getByTestId('credit-reason').fill('合同解除系采购人原因，已提交证明材料');
    await page.getByTestId('credit-object').click();
    await page.getByTestId('credit-status').filter({ hasText: '异议处理中' }).waitFor();
    const pending = await server.testPlatform.platform.credit.pendingRequests();
    assert.deepEqual(
      pending.map((q) => [q.kind, q.reason]),
      [['objection', '合同解除系采购人原因，已提交证明材料']],
    );
  });
});

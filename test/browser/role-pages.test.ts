import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { usccCheckCharacter } from '../../src/platform/china/uscc.js';
import request from 'supertest';
import { bearer, login } from '../helpers/api.js';
import { certifyBidder } from '../helpers/bids.js';
import { settlesTo } from '../helpers/eventually.js';
import { submitTestBid } from '../helpers/opening.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

function freshUscc(): string {
  const first17 = `9145020${String(randomInt(1e9)).padStart(10, '0')}`;
  return first17 + usccCheckCharacter(first17);
}

describe('role pages in a browser: regions by name, a pending party, the admin, the custodian', function () {
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  const name = `柳州浏览器测试工程有限公司${randomInt(1e6)}`;
  const username = `lzbidder${randomInt(1e6)}`;
  const password = 'a long enough secret';

  before(async function () {
    // The whole demo is seeded (tenders at every stage, keys, bids): minutes on a loaded machine.
    this.timeout(300_000);
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    admin = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    await logIn(admin, server.demo.admin.username, server.demo.admin.password);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function logIn(page: Page, user: string, secret: string): Promise<void> {
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(user);
    await page.getByTestId('login-password').fill(secret);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
  }

  let bidder: Page;

  it('registers on a 390 px phone with the region picked province → city → district, by keyboard too', async () => {
    const phone = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
    });
    bidder = await phone.newPage();
    await bidder.goto('/#/register');
    const province = bidder.getByTestId('reg-party.regionCode-province');
    const city = bidder.getByTestId('reg-party.regionCode-city');
    const district = bidder.getByTestId('reg-party.regionCode-district');
    await bidder.waitForFunction(() => {
      const select = document.querySelector<HTMLSelectElement>(
        '[data-testid="reg-party.regionCode-province"]',
      );
      return !!select && !select.disabled && select.options.length > 30;
    });
    assert.equal(await city.isDisabled(), true, 'no city before a province');
    await province.selectOption('45');
    await city.selectOption({ label: '柳州市' });
    // The district by keyboard: Tab from the city, then the arrow keys, as in any native select.
    await city.focus();
    await bidder.keyboard.press('Tab');
    assert.equal(await district.evaluate((el) => el === document.activeElement), true);
    assert.equal(await district.inputValue(), '450200', 'the whole city until a district is chosen');
    await bidder.keyboard.press('ArrowDown');
    await bidder.keyboard.press('ArrowDown');
    assert.equal(await district.inputValue(), '450203');
    assert.equal(await district.locator('option:checked').textContent(), '鱼峰区');
    const overflow = await bidder.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the form fits 390 px (overflows by ${overflow} px)`);

    await bidder.getByTestId('reg-party.name').fill(name);
    await bidder.getByTestId('reg-party.uscc').fill(freshUscc());
    await bidder.getByTestId('reg-party.kind').selectOption('bidder');
    await bidder.getByTestId('reg-party.contactName').fill('韦工');
    await bidder.getByTestId('reg-party.contactPhone').fill('0772-5550123');
    await bidder.getByTestId('reg-account.username').fill(username);
    await bidder.getByTestId('reg-account.displayName').fill('韦工');
    await bidder.getByTestId('reg-account.password').fill(password);
    await bidder.getByTestId('reg-account.passwordConfirm').fill(password);
    await bidder.getByTestId('register-submit').click();
    const success = bidder.getByTestId('register-success');
    await success.waitFor();
    assert.match((await success.textContent()) ?? '', /现在即可使用账号 .* 登录/);
  });

  it('shows a pending party its state on every page and closes, with the reason in words, what it may not do', async () => {
    await logIn(bidder, username, password);
    const banner = bidder.getByTestId('party-banner');
    assert.equal(await banner.getAttribute('data-status'), 'pending');
    assert.match((await banner.textContent()) ?? '', /正在等待平台审核.*浏览交易公告/);
    for (const entry of ['nav-certificate', 'nav-bids']) {
      const item = bidder.getByTestId(entry);
      assert.equal(await item.evaluate((el) => el.tagName), 'SPAN', `${entry} is not a link`);
      assert.equal(await item.getAttribute('aria-disabled'), 'true');
      assert.match((await item.textContent()) ?? '', /审核通过后可用/);
    }
    assert.equal(await bidder.getByTestId('nav-my-party').evaluate((el) => el.tagName), 'A');
    await bidder.goto('/#/certificate');
    await bidder.getByTestId('needs-verification').waitFor();
    await bidder.getByTestId('nav-notices').click();
    await bidder.getByTestId('notices-page').waitFor();
    assert.equal(await bidder.getByTestId('party-banner').count(), 1, 'on the notices too');

    await bidder.getByTestId('nav-my-party').click();
    const record = bidder.getByTestId('party-record');
    await record.waitFor();
    await bidder.waitForFunction(() =>
      document.querySelector('[data-testid="party-record"]')?.textContent?.includes('柳州市鱼峰区'),
    );
    assert.match((await record.textContent()) ?? '', /广西壮族自治区柳州市鱼峰区\s*450203/);
  });

  it('lets the party correct its region with the same picker', async () => {
    await bidder.getByTestId('my-party-edit').click();
    const city = bidder.getByTestId('my-party-region-city');
    assert.equal(await city.inputValue(), '4502', 'the picker opens on the stored region');
    await bidder.getByTestId('my-party-region-district').selectOption({ label: '柳北区' });
    await bidder.getByTestId('my-party-save').click();
    await bidder.getByTestId('my-party-saved').waitFor();
    assert.match((await bidder.getByTestId('party-record').textContent()) ?? '', /柳州市柳北区\s*450205/);
  });

  it('shows the admin regions by name, and the whole record before approve and reject', async () => {
    await admin.goto('/#/parties?q=柳州');
    const demo = admin.getByTestId('party-row').filter({ hasText: '柳州龙城建筑集团有限公司' });
    await demo.waitFor();
    await admin.waitForFunction(() => document.body.textContent?.includes('柳州市柳北区'));
    assert.match((await demo.getByTestId('party-region').textContent()) ?? '', /^柳州市柳北区\s*450205$/);

    const row = admin.getByTestId('party-row').filter({ hasText: name });
    assert.equal(await row.getByTestId('approve').count(), 0, 'no decision from the list');
    await row.getByTestId('party-open').click();
    const detail = admin.getByTestId('party-detail');
    await detail.getByTestId('party-record').waitFor();
    const text = (await detail.textContent()) ?? '';
    for (const shown of ['韦工', '0772-5550123', '统一社会信用代码', '待审核', '营业执照'])
      assert.ok(text.includes(shown), `shows ${shown}`);
    // The record comes first, the buttons after it.
    const order = await detail.evaluate((root) => {
      const record = root.querySelector('[data-testid="party-record"]')!;
      const approve = root.querySelector('[data-testid="approve"]')!;
      return record.compareDocumentPosition(approve) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    assert.ok(order, 'approve comes after the record');
    await detail.getByTestId('approve').click();
    await admin.getByTestId('decision-confirm').click();
    await admin.getByTestId('decision-done').waitFor();
    await settlesTo('the decision buttons', () => detail.getByTestId('approve').count(), 0);
    await settlesTo('the party status', () => detail.getByTestId('party-status').textContent(), '已审核');
  });

  it('opens everything to the party once it is verified', async () => {
    await bidder.reload();
    await bidder.getByTestId('nav-certificate').waitFor();
    await bidder.waitForFunction(() => !document.querySelector('[data-testid="party-banner"]'));
    assert.equal(await bidder.getByTestId('nav-certificate').evaluate((el) => el.tagName), 'A');
  });

  it('manages users: searchable, with role, party and status; disabling ends the session', async () => {
    await admin.getByTestId('nav-users').click();
    await admin.getByTestId('users-page').waitFor();
    await admin.getByTestId('users-filter-q').fill(username.slice(0, 8));
    await admin.getByTestId('users-filter-submit').click();
    const row = admin.getByTestId('user-row').filter({ hasText: username });
    await row.waitFor();
    // The unfiltered list, still shown until the search's answer, may hold the row too.
    await settlesTo('the rows found', () => admin.getByTestId('user-row').count(), 1);
    assert.match((await row.textContent()) ?? '', /投标人/);
    assert.equal(await row.getByTestId('user-party').textContent(), name);
    assert.equal(await row.getByTestId('user-status').textContent(), '正常');

    await row.getByTestId('user-disable').click();
    await admin.getByTestId('decision-confirm').click();
    await admin.getByTestId('user-done').waitFor();
    const disabled = admin.getByTestId('user-row').filter({ hasText: username });
    assert.equal(await disabled.getByTestId('user-status').textContent(), '已停用');

    await bidder.reload(); // the page load's look at the session finds it ended
    await bidder.getByTestId('login-form').waitFor();

    await disabled.getByTestId('user-enable').click();
    await admin.getByTestId('decision-confirm').click();
    await admin.waitForFunction(
      (u) =>
        Array.from(document.querySelectorAll('[data-testid="user-row"]')).some(
          (r) => r.textContent?.includes(u) && r.getAttribute('data-status') === 'active',
        ),
      username,
    );
    await logIn(bidder, username, password);
  });

  it("opens a demo custodian's seeded PKCS#12 file on the 密钥托管 page", async () => {
    const custodian = server.accounts.find((a) => a.username === 'custodian1')!;
    // Three demo bidders seal bids before the deadline (fewer would fail the section), so custodian1 holds
    // a share of each.
    const t = server.testPlatform;
    // The demo's tender open for bids (the seed's others are past their deadlines or opening on their own).
    const row = await t.platform.models.Tender.findOne({
      where: { status: 'published' },
      order: [['bidDeadline', 'DESC']],
    });
    let deadline = '';
    for (const username of ['bidder1', 'bidder2', 'bidder3']) {
      const account = server.accounts.find((a) => a.username === username)!;
      const token = await login(t.app, username, account.password);
      const me = await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
      const user = {
        token,
        userId: me.body.user.id,
        username,
        role: 'bidder' as const,
        partyId: me.body.party.id,
      };
      const tender = (await request(t.app).get(`/api/v1/tenders/${row!.id}`).set(bearer(token)).expect(200))
        .body;
      // bidder3 seals junk for custodian1's share (keeping the real check): the page reports it, signed.
      const junk = username === 'bidder3' ? { junkWrappedShares: [1] } : {};
      await submitTestBid(t, tender, { user, keys: await certifyBidder(t.app, user) }, junk);
      deadline = tender.schedule.bidDeadline;
    }
    const afterOpening = new Date(new Date(deadline).getTime() + 60_000);
    server.testPlatform.clock.set(afterOpening);
    const context = await browser.newContext({ baseURL: server.baseUrl });
    const page = await context.newPage();
    await page.clock.setFixedTime(afterOpening); // the page enables the button by its own clock
    await logIn(page, custodian.username, custodian.password);
    await page.getByTestId('nav-custody').click();
    await page.getByTestId(`custody-release-${row!.code}`).click();
    await page.getByTestId('release-p12').setInputFiles(custodian.p12!.file);
    await page.getByTestId('release-password').fill(`${custodian.p12!.password}x`);
    await page.getByTestId('release-submit').click();
    await page.getByTestId('release-error').waitFor(); // a wrong password is refused by the file itself
    await page.getByTestId('release-password').fill(custodian.p12!.password);
    await page.getByTestId('release-submit').click();
    const outcome = page.getByTestId('release-outcome');
    await outcome.waitFor();
    assert.match((await outcome.textContent()) ?? '', /已提交 2 个分片/);
    assert.match(
      await page.getByTestId('release-reported').innerText(),
      /已向平台签名报告 1 个无法使用的分片/,
    );
    assert.equal(await outcome.getAttribute('class'), 'alert alert-success');
    assert.equal(await t.platform.opening.service.models.OpeningShareReport.count(), 1);
    await context.close();
  });
});

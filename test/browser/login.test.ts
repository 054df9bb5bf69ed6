import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { usccCheckCharacter } from '../../src/platform/china/uscc.js';
import { settlesTo } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SCREENSHOT = '/tmp/yangguang-parties.png';
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

/** A USCC nobody has used yet in this run, with a correct check character. */
function freshUscc(): string {
  const first17 = `9145010${String(randomInt(1e9)).padStart(10, '0')}`;
  return first17 + usccCheckCharacter(first17);
}

describe('web app in a browser (login, registration, party verification)', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;

  before(async function () {
    if (!existsSync(WEB_INDEX)) {
      throw new Error(`${WEB_INDEX} is missing: build the web app first (npx vite build web)`);
    }
    server = await startTestServer({ seedDemo: true });
    // launch() gives every run a fresh, throw-away user-data dir.
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    admin = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 800 } });
    page = await admin.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function logIn(username: string, password: string): Promise<void> {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  it('opens on the Chinese notices, signs in from the header, and explains a wrong password', async () => {
    await page.goto('/');
    await page.getByTestId('notices-page').waitFor(); // visitors land on the public notices
    await page.getByTestId('header-login').click();
    await page.getByTestId('login-form').waitFor();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    await settlesTo('the submit button', () => page.getByTestId('login-submit').textContent(), '登录');
    await settlesTo(
      'the brand',
      async () => (await page.getByTestId('brand').textContent()) ?? '',
      /阳光公共资源交易平台/,
    );

    await logIn(server.demo.admin.username, 'not-the-password');
    const error = page.getByTestId('error');
    await error.waitFor();
    await settlesTo('the error', async () => (await error.textContent()) ?? '', /用户名或密码错误/);
  });

  it('signs the admin in to the layout with the admin navigation', async () => {
    await logIn(server.demo.admin.username, server.demo.admin.password);
    await page.getByTestId('home').waitFor();
    await settlesTo('the role shown', () => page.getByTestId('user-role').textContent(), '平台管理员');
    await settlesTo('the parties link', () => page.getByTestId('nav-parties').textContent(), '主体管理');
    await settlesTo('the users links', () => page.getByTestId('nav-users').count(), 1);
    await settlesTo('the bids links', () => page.getByTestId('nav-bids').count(), 0);
  });

  it('registers a party publicly, and the admin approves it', async () => {
    const name = `阳光浏览器测试工程有限公司${randomInt(1e6)}`;
    const uscc = freshUscc();
    const visitor = await browser.newContext({ baseURL: server.baseUrl });
    try {
      const reg = await visitor.newPage();
      // Registration is one click away on every public page, in the header.
      await reg.goto('/#/notices');
      await reg.getByTestId('header-register').click();
      await reg.getByTestId('register-form').waitFor();
      await reg.goto('/#/login');
      await reg.getByTestId('register-link').click();
      await reg.getByTestId('register-form').waitFor();

      const feedback = reg.getByTestId('uscc-feedback');
      const wrongCheck = uscc.slice(0, 17) + (uscc.endsWith('0') ? '1' : '0');
      await reg.getByTestId('reg-party.uscc').fill(wrongCheck);
      await settlesTo('the USCC feedback', async () => (await feedback.textContent()) ?? '', /校验位不正确/);
      await reg.getByTestId('reg-party.uscc').fill(uscc.toLowerCase());
      await settlesTo('the USCC as typed', () => reg.getByTestId('reg-party.uscc').inputValue(), uscc);
      await settlesTo('the USCC feedback', async () => (await feedback.textContent()) ?? '', /代码校验通过/);

      await reg.getByTestId('reg-party.name').fill(name);
      await reg.getByTestId('reg-party.kind').selectOption('bidder');
      await reg.getByTestId('reg-party.regionCode-province').selectOption('45');
      await reg.getByTestId('reg-party.regionCode-city').selectOption('4501'); // 南宁市, the whole city: 450100
      await reg.getByTestId('reg-party.contactName').fill('李明');
      await reg.getByTestId('reg-party.contactPhone').fill('0771-5550123');
      // Not one of the demo's bidder1…bidder4.
      await reg.getByTestId('reg-account.username').fill(`webbidder${randomInt(1e6)}`);
      await reg.getByTestId('reg-account.displayName').fill('李明');
      await reg.getByTestId('reg-account.password').fill('a long enough secret');
      await reg.getByTestId('reg-account.passwordConfirm').fill('a long enough secret');
      await reg.getByTestId('register-submit').click();
      const success = reg.getByTestId('register-success');
      await success.waitFor();
      await settlesTo(
        'the confirmation',
        async () => (await success.textContent()) ?? '',
        /已提交，等待审核/,
      );
    } finally {
      await visitor.close();
    }

    await page.getByTestId('nav-parties').click();
    await page.getByTestId('filter-status').selectOption('pending');
    await page.waitForFunction(() => location.hash.includes('status=pending'));
    const row = page.getByTestId('party-row').filter({ hasText: name });
    await row.waitFor();
    await settlesTo('the party status', () => row.getByTestId('party-status').textContent(), '待审核');
    await settlesTo(
      'one page only: load-more visible',
      () => page.getByTestId('load-more').isVisible(),
      false,
    );

    // The decision is taken on the party's page, its record in view.
    await row.getByTestId('party-open').click();
    await page.getByTestId('approve').click();
    await page.getByTestId('decision-confirm').click();
    await page.getByTestId('decision-done').waitFor();
    await settlesTo('the party status', () => page.getByTestId('party-status').textContent(), '已审核');
    await settlesTo('the approve buttons', () => page.getByTestId('approve').count(), 0);
    await page.getByTestId('back-to-parties').click();
    await page.getByTestId('filter-status').selectOption('verified');
    const decided = page.getByTestId('party-row').filter({ hasText: name });
    await decided.waitFor();
    await settlesTo('the decided row status', () => decided.getAttribute('data-status'), 'verified');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('switches to English and keeps the choice across a reload', async () => {
    await page.getByTestId('lang-switch').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await settlesTo('the parties link', () => page.getByTestId('nav-parties').textContent(), 'Parties');
    await settlesTo('the role shown', () => page.getByTestId('user-role').textContent(), 'Administrator');

    await page.reload();
    await page.getByTestId('parties-page').waitFor();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await settlesTo('the sign-out button', () => page.getByTestId('logout').textContent(), 'Sign out');
  });

  it('signs out back to the login page', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    await settlesTo('the submit button', () => page.getByTestId('login-submit').textContent(), 'Sign in');
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { bearer, login } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { validTender } from '../helpers/tenders.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/i;

interface Person {
  id: string;
  displayName: string;
}

/** The options a picker offers right now (not hidden by its search box), by their visible text. */
const shown = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el: HTMLSelectElement) =>
    Array.from(el.options)
      .filter((o) => o.value && !o.hidden)
      .map((o) => o.textContent ?? ''),
  );

describe('pages: key custodians and a draw supervisor are picked by name, not typed as ids', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let agencyToken: string;
  let custodians: Person[];
  let supervisors: Person[];

  before(async function () {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: true });
    const agency = server.accounts.find((a) => a.username === 'agency')!;
    agencyToken = await login(server.testPlatform.app, 'agency', agency.password);
    const get = async (path: string) =>
      (await request(server.testPlatform.app).get(path).set(bearer(agencyToken)).expect(200)).body
        .items as Person[];
    custodians = await get('/api/v1/directory/custodians');
    supervisors = await get('/api/v1/directory/supervisors');
    assert.equal(custodians.length, 3, 'the demo has three custodians');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill('agency');
    await page.getByTestId('login-password').fill(agency.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('offers the custodians by name on a new tender, narrowed by the search box', async () => {
    await page.goto('/#/tenders/new');
    const first = '[name="custodians.userIds.0.id"]';
    await page.waitForFunction(
      (sel) => (document.querySelector<HTMLSelectElement>(sel)?.options.length ?? 0) > 3,
      first,
    );
    await settlesTo(
      'the custodians offered',
      async () => (await shown(page, first)).sort(),
      custodians.map((c) => c.displayName).sort(),
    );
    const offered = await shown(page, first);
    assert.ok(!offered.some((text) => UUID.test(text)), 'no id is shown');
    await page.getByTestId('custodian-filter').fill('公证');
    await settlesTo('the custodians found', () => shown(page, first), ['公证处 (key custodian)']);
    await page.getByTestId('custodian-filter').fill('');
    for (const [i, c] of custodians.entries()) {
      await page.locator(`[name="custodians.userIds.${i}.id"]`).selectOption({ label: c.displayName });
      await settlesTo(
        `custodian ${i}`,
        () => page.locator(`[name="custodians.userIds.${i}.id"]`).inputValue(),
        c.id,
      );
    }
  });

  it("shows a saved draft's custodians by name when it is edited", async () => {
    const demo = (await server.testPlatform.platform.models.Tender.findAll())[0]!;
    const world = { custodians: [...custodians].reverse().map((c) => ({ userId: c.id })) };
    const created = await request(server.testPlatform.app)
      .post('/api/v1/tenders')
      .set(bearer(agencyToken))
      .send(
        validTender(world as never, server.testPlatform.clock.now(), {
          tendereePartyId: demo.tendereePartyId,
          title: '挑选托管人测试工程施工招标',
        }),
      )
      .expect(201);
    await page.goto(`/#/tenders/${created.body.tender.id}/edit`);
    await page.getByTestId('tf-title').waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('[name="title"]')?.value);
    for (const [i, c] of [...custodians].reverse().entries()) {
      const select = page.locator(`[name="custodians.userIds.${i}.id"]`);
      // The names come from the directory, read apart from the draft.
      await settlesTo(`custodian ${i}`, () => select.inputValue(), c.id);
      await settlesTo(
        `custodian ${i} by name`,
        () => select.locator('option:checked').textContent(),
        c.displayName,
      );
    }
  });

  it('offers the supervisors by name on an expert draw request', async () => {
    const demo = (await server.testPlatform.platform.models.Tender.findAll())[0]!;
    await page.goto(`/#/expert-draws/new?tender=${demo.id}`);
    const picker = page.locator('[name="supervisorUserId"]');
    await picker.waitFor();
    await page.waitForFunction(
      () => (document.querySelector<HTMLSelectElement>('[name="supervisorUserId"]')?.options.length ?? 0) > 1,
    );
    await page.getByTestId('supervisor-filter').fill('监督管理局');
    await settlesTo('the supervisors found', () => shown(page, '[name="supervisorUserId"]'), [
      '南宁市公共资源交易监督管理局',
    ]);
    await page.getByTestId('supervisor-filter').fill('没有这个人');
    await settlesTo('the supervisors found', () => shown(page, '[name="supervisorUserId"]'), []);
    await picker.selectOption({ label: '南宁市公共资源交易监督管理局' });
    await settlesTo('the supervisor picked', () => picker.inputValue(), supervisors[0]!.id);
    await settlesTo(
      'the label',
      () => page.locator('label[for="f-supervisorUserId"]').textContent(),
      '监督人',
    );
  });
});

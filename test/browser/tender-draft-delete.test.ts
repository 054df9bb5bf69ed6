import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { bearer, PASSWORD } from '../helpers/api.js';
import { draftTender } from '../helpers/documents.js';
import { settlesTo } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { tenderWorld, type TenderWorld } from '../helpers/tenders.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
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

/**
 * Issue 16, the tender form: a save the server refuses (422) keeps every other entry of the form, and a
 * draft offers 删除草稿 (not the red 终止招标 of a published tender), which deletes it after a confirmation
 * and goes back to the list.
 */
describe('a tender draft in a browser: a failed save keeps the form, and the draft is deleted', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let world: TenderWorld;
  let browser: Browser;
  let page: Page;
  let draftId: string;

  const tenderStatus = (id: string) =>
    request(server.testPlatform.app).get(`/api/v1/tenders/${id}`).set(bearer(world.tenderee.token));

  before(async function () {
    if (!existsSync(WEB_INDEX)) {
      throw new Error(`${WEB_INDEX} is missing: build the web app first (npx vite build web)`);
    }
    server = await startTestServer({ seedDemo: false });
    world = await tenderWorld(server.testPlatform);
    draftId = await draftTender(server.testPlatform, world);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    await page.goto(`/#/login?next=tenders/${draftId}/edit`);
    await page.getByTestId('login-username').fill(world.tenderee.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps the other changes when a save fails on one bad field, and saves them once it is fixed', async () => {
    await page.getByTestId('tender-form').waitFor({ state: 'visible' });
    const title = page.getByTestId('tf-title');
    const description = page.getByTestId('tf-description');
    const sectionName = page.locator('[name="sections.0.name"]');
    const fieldKey = page.locator('[name="bidFormFields.0.key"]');
    await title.fill('五象新区道路改造工程施工招标（第二次）');
    await description.fill('道路、排水、照明及附属设施施工。');
    await sectionName.fill('第一标段（道路）');
    await fieldKey.fill('duration days'); // not a camelCase key: only the server says so (422)
    await page.getByTestId('tender-save').click();

    const slot = page.locator('[data-error-for="bidFormFields.0.key"]');
    await slot.filter({ hasText: /\S/ }).waitFor();
    assert.equal(await page.getByTestId('tender-success').count(), 0, 'nothing was saved');
    await settlesTo('the title kept', () => title.inputValue(), '五象新区道路改造工程施工招标（第二次）');
    await settlesTo(
      'the description kept',
      () => description.inputValue(),
      '道路、排水、照明及附属设施施工。',
    );
    await settlesTo('the section name kept', () => sectionName.inputValue(), '第一标段（道路）');
    await settlesTo('the bad key kept', () => fieldKey.inputValue(), 'duration days');

    await fieldKey.fill('durationDays');
    await page.getByTestId('tender-save').click();
    await page.getByTestId('tender-success').waitFor();
    const saved = (await tenderStatus(draftId).expect(200)).body;
    assert.equal(saved.title, '五象新区道路改造工程施工招标（第二次）');
    assert.equal(saved.description, '道路、排水、照明及附属设施施工。');
    assert.equal(saved.sections[0].name, '第一标段（道路）');
  });

  it('offers 删除草稿 instead of 终止招标 on a draft, and deletes it after a confirmation', async () => {
    assert.equal(
      await page.getByTestId('tender-cancel').count(),
      0,
      'the edit page does not terminate drafts',
    );
    await page.goto(`/#/tenders/${draftId}`);
    const remove = page.getByTestId('tender-delete-draft');
    await remove.waitFor();
    await settlesTo('the delete button', () => remove.textContent(), '删除草稿');
    assert.equal(await page.getByTestId('tender-cancel').count(), 0, 'no 终止招标 on a draft');

    await remove.click(); // a second thought first: nothing happens
    await page.getByTestId('decision-cancel').click();
    await tenderStatus(draftId).expect(200);

    await remove.click();
    await page.getByTestId('decision-confirm').click();
    await page.getByTestId('tenders-page').waitFor();
    await settlesTo('the address', () => page.url(), /#\/tenders$/);
    await tenderStatus(draftId).expect(404);
    // The list loads after the page: counted once it is there.
    await page.locator('[data-testid="tenders-empty"], [data-testid="tenders-table"]').waitFor();
    assert.equal(await page.locator(`[data-tender-id="${draftId}"]`).count(), 0);
  });
});

import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { tenderWorld, type TenderWorld } from '../helpers/tenders.js';

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
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** An instant as a `datetime-local` value in Beijing time (UTC+8), as the form reads it. */
const beijingInput = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16);

describe('tender publication in a browser (agency form → public notice → document download)', function () {
  // A server, its world and a browser start in `before`: slow on a loaded machine, not hung.
  this.timeout(300_000);
  let server: TestServer;
  let world: TenderWorld;
  let browser: Browser;
  let page: Page;
  const title = `五象新区道路改造工程施工招标 ${randomInt(1e6)}`;
  // Bytes that are not valid UTF-8, so any text decoding on the way would show.
  const documentBytes = Buffer.concat([Buffer.from('%PDF-1.7 招标文件\n'), randomBytes(64 * 1024)]);

  before(async function () {
    if (!existsSync(WEB_INDEX)) {
      throw new Error(`${WEB_INDEX} is missing: build the web app first (npx vite build web)`);
    }
    server = await startTestServer({ seedDemo: true });
    // An agency and a tenderee (verified), three custodians with certificates from the platform CA.
    world = await tenderWorld(server.testPlatform);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const agency = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    page = await agency.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function logIn(at: string): Promise<void> {
    await page.evaluate(() => sessionStorage.clear()).catch(() => undefined);
    await page.goto(at);
    await page.getByTestId('login-username').fill(world.agency.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
  }

  it('lets the agency write a draft and shows a broken rule next to its field', async () => {
    await logIn('/#/login');
    await page.getByTestId('nav-tenders').click();
    await page.getByTestId('tender-new').click();
    await page.getByTestId('tender-form').waitFor();

    const now = server.testPlatform.clock.now().getTime();
    await page.getByTestId('tf-projectName').fill('南宁市五象新区道路改造工程');
    await page.getByTestId('tf-title').fill(title);
    await page.getByTestId('tf-category').selectOption('A');
    await page.getByTestId('tf-tendereePartyId').selectOption(world.tenderee.partyId!);
    await page.getByTestId('tf-description').fill('道路、排水及附属设施施工。');
    await page.getByTestId('tf-schedule.documentsFrom').fill(beijingInput(now + HOUR));
    await page.getByTestId('tf-schedule.documentsTo').fill(beijingInput(now + 8 * DAY));
    await page.getByTestId('tf-schedule.clarificationDeadline').fill(beijingInput(now + 10 * DAY));
    await page.getByTestId('tf-schedule.bidDeadline').fill(beijingInput(now + 25 * DAY));
    await page.locator('[name="sections.0.name"]').fill('第一标段');
    await page.locator('[name="sections.0.maxPriceFen"]').fill('10,000,000');
    await page.locator('[name="sections.0.estimatedPriceFen"]').fill('9000000.00');
    // 2% of the estimate is ¥180,000.00: one yuan more breaks SS Art.26.
    await page.locator('[name="sections.0.depositFen"]').fill('180000.01');
    for (const [i, custodian] of world.custodians.entries()) {
      await page.locator(`[name="custodians.userIds.${i}.id"]`).selectOption(custodian.userId);
    }
    await page.getByTestId('tender-save').click();

    const broken = page.locator('[data-testid="violation"][data-code="DEPOSIT_OVER_CAP"]');
    await broken.waitFor();
    await settlesTo('the deposit is the only rule broken', () => page.getByTestId('violation').count(), 1);
    await settlesTo('the broken field', () => broken.getAttribute('data-field'), 'sections.0.depositFen');
    const slot = page.locator('[data-error-for="sections.0.depositFen"]');
    await settlesTo('the deposit error', async () => (await slot.textContent()) ?? '', /2%.*¥180,000\.00/);
    await settlesTo('the saved draft has its own address', () => page.url(), /#\/tenders\/[\w-]+\/edit$/);
    await page.screenshot({ path: `${SHOTS}/yg-tender-form.png`, fullPage: true });

    await page.locator('[name="sections.0.depositFen"]').fill('135000');
    await page.getByTestId('tender-check').click();
    await page.getByTestId('tender-success').filter({ hasText: '检查通过' }).waitFor();
    await settlesTo('the rules broken', () => page.getByTestId('violation').count(), 0);
  });

  it('uploads a tender document to the draft and publishes it', async () => {
    await page.getByTestId('document-upload').setInputFiles({
      name: '招标文件.pdf',
      mimeType: 'application/pdf',
      buffer: documentBytes,
    });
    await page.getByTestId('document-uploaded').waitFor();
    const row = page.getByTestId('document-row').filter({ hasText: '招标文件.pdf' });
    await row.waitFor();
    await settlesTo('the document row', async () => (await row.textContent()) ?? '', /v1/);

    await page.getByTestId('tender-publish').click();
    await page.getByTestId('decision-confirm').click();
    await page.getByTestId('tender-published').waitFor();
    await settlesTo(
      'the tender status',
      () => page.getByTestId('tender-status').getAttribute('data-status'),
      'published',
    );
    await settlesTo('custodian certificates frozen', () => page.getByTestId('certificate-serial').count(), 3);
    await page.screenshot({ path: `${SHOTS}/yg-tender-published.png`, fullPage: true });
  });

  it('shows the resulting bid deadline before a late clarification is confirmed', async () => {
    // 12 days before the deadline: a clarification now must move it to 15 days out (ZB Art.23).
    server.testPlatform.clock.advance(13 * DAY);
    const tenderPath = new URL(page.url()).hash.replace(/^#\/|\?.*$/g, '');
    await logIn(`/#/login?next=${tenderPath}`); // the session expired meanwhile
    const expected = beijingInput(server.testPlatform.clock.now().getTime() + 15 * DAY).replace('T', ' ');
    await page.getByTestId('tender-clarify').click();
    await page.getByTestId('tf-title').fill('关于第一标段工程量清单的澄清');
    await page.getByTestId('tf-body').fill('工程量清单第 3 项单位更正为“米”。');
    await settlesTo('no confirming unseen', () => page.getByTestId('clarify-confirm').isDisabled(), true);
    await page.getByTestId('clarify-preview-button').click();
    const deadline = page.getByTestId('clarify-deadline');
    await deadline.waitFor();
    await settlesTo(
      'the previewed deadline',
      async () => (await deadline.textContent()) ?? '',
      new RegExp(expected),
    );
    await page.screenshot({ path: `${SHOTS}/yg-tender-clarify.png` });
    await page.getByTestId('clarify-confirm').click();
    await page.getByTestId('clarification').waitFor();
    await settlesTo('the bid deadline', () => page.getByTestId('bid-deadline').textContent(), expected);
  });

  it('lets an anonymous visitor find the notice, read the tender and download the document', async () => {
    const visitor = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    try {
      const anon = await visitor.newPage();
      await anon.goto('/');
      await anon.getByTestId('notices-page').waitFor();
      await settlesTo('visitors land on the notices', () => anon.url(), /#\/notices$/);
      await anon.getByTestId('filter-q').fill(title.slice(-12));
      await anon.getByTestId('filter-submit').click();
      const notice = anon.getByTestId('notice').filter({ hasText: title }).first();
      await notice.waitFor();
      await anon.screenshot({ path: `${SHOTS}/yg-notices.png`, fullPage: true });

      await notice.getByTestId('notice-link').click();
      await anon.getByTestId('tender-detail').getByTestId('tender-title').waitFor();
      await settlesTo('the title', () => anon.getByTestId('tender-title').textContent(), title);
      await settlesTo('the max price', () => anon.getByTestId('max-price').textContent(), '¥10,000,000.00');
      assert.equal(await anon.getByTestId('tender-clarify').count(), 0, 'no actions for visitors');
      const row = anon.getByTestId('document-row').filter({ hasText: '招标文件.pdf' });
      await row.waitFor();
      await anon.screenshot({ path: `${SHOTS}/yg-tender-public.png`, fullPage: true });

      const [download] = await Promise.all([
        anon.waitForEvent('download'),
        row.getByTestId('document-download').click(),
      ]);
      assert.equal(download.suggestedFilename(), '招标文件.pdf');
      const saved = readFileSync((await download.path())!);
      assert.ok(saved.equals(documentBytes), 'the downloaded bytes are the uploaded ones');
    } finally {
      await visitor.close();
    }
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import { pdfText } from '../../src/platform/pdf/index.js';
import { bearer, PASSWORD } from '../helpers/api.js';
import { evaluationScene, type EvaluationScene } from '../helpers/evaluation.js';
import { Committee } from '../helpers/evaluation-room.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { SocketClients } from '../helpers/sockets.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const PHONE = { width: 390, height: 844 };
const DISSENT = '第一名投标人的施工组织设计评分偏高，本人不同意该排序';

/*
 * The evaluation report in a browser: after a committee (driven over sockets) concludes, one expert opens the
 * report from the room and signs it with a key made in the browser; another, on a phone, dissents with written
 * reasons; the rest sign over the API and the report is completed; the agency reads it, in Chinese and in
 * English, names and 元 and Beijing time but no ids, and downloads the PDF.
 */
describe('the evaluation report in a browser: sign, dissent, read, download', function () {
  this.timeout(300_000);
  let server: TestServer;
  let scene: EvaluationScene;
  let room: Committee;
  let browser: Browser;
  let clients: SocketClients;
  const pages: { context: BrowserContext; page: Page }[] = [];

  const t = () => server.testPlatform;
  async function open(username: string, phone = false): Promise<Page> {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      acceptDownloads: true,
      ...(phone && { viewport: PHONE, isMobile: true, hasTouch: true }),
    });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    pages.push({ context, page });
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
    return page;
  }
  const reportNow = async () =>
    (
      await request(t().app)
        .get(`/api/v1/evaluations/${room.evaluationId}/report`)
        .set(bearer(scene.supervisor.token))
        .expect(200)
    ).body as {
      reportId: string;
      digest: string;
      state: string;
      signatures: { memberId: string; verdict: string | null; reasons: string | null }[];
      content: { candidates: { bidderName: string }[]; tender: { title: string } };
    };

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: build the web app first`);
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 3 });
    room = await Committee.open(scene, clients);
    await room.toScoring();
    await room.scoreAllAndConclude();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    clients?.closeAll();
    await browser?.close();
    await server?.stop();
  });

  it('an expert opens the report from the room and signs it with a key made in the browser', async () => {
    const page = await open(room.seats[0]!.user.username);
    await page.goto(`/#/evaluations/${room.evaluationId}`);
    await page.getByTestId('evaluation-report-link').getByRole('link').click();
    await page.locator('[data-testid="report-page"][data-state="signing"]').waitFor();
    const report = await reportNow();
    for (const c of report.content.candidates)
      await page.locator(`[data-testid="report-candidate"][data-bidder="${c.bidderName}"]`).waitFor();
    await page.getByTestId('evaluation-key-create').click();
    await page.getByTestId('evaluation-key-ready').waitFor({ timeout: 60_000 });
    await page.getByTestId('report-agree').click();
    await page.getByTestId('report-signed').waitFor();
    const after = await reportNow();
    assert.equal(after.signatures.find((s) => s.memberId === room.seats[0]!.memberId)?.verdict, 'agree');
  });

  it('another, on a phone, dissents with written reasons (keyboard only)', async () => {
    const page = await open(room.seats[1]!.user.username, true);
    await page.goto(`/#/evaluations/${room.evaluationId}/report`);
    await page.getByTestId('evaluation-key-create').click();
    await page.getByTestId('evaluation-key-ready').waitFor({ timeout: 60_000 });
    await page.getByTestId('report-dissent').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('report-reasons').focus();
    await page.keyboard.type('不同意');
    assert.equal(await page.getByTestId('report-submit-dissent').isDisabled(), true, 'under 5 characters');
    await page.getByTestId('report-reasons').fill(DISSENT);
    await page.getByTestId('report-submit-dissent').click();
    await page.getByTestId('report-signed').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > 392)
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className}`),
    );
    assert.ok(width <= PHONE.width, `no sideways scrolling at 390 px (${width}): ${wide.join(', ')}`);
    const after = await reportNow();
    const mine = after.signatures.find((s) => s.memberId === room.seats[1]!.memberId);
    assert.deepEqual([mine?.verdict, mine?.reasons], ['dissent', DISSENT]);
    // The first expert's page, left open since signing, shows the dissent without being reloaded.
    const first = pages[0]!.page;
    await first
      .locator('[data-testid="report-signature"][data-verdict="dissent"]')
      .waitFor({ timeout: 60_000 });
  });

  it('the agency reads the completed report in both languages and downloads the PDF', async () => {
    await room.signReport(t().app, room.seats.slice(2));
    const report = await reportNow();
    assert.equal(report.state, 'completed');
    const page = await open(scene.agency.username);
    await page.goto(`/#/evaluations/${room.evaluationId}/report`);
    await page.locator('[data-testid="report-page"][data-state="completed"]').waitFor();
    assert.equal(await page.getByTestId('report-sign').count(), 0, 'no signing for the agency');
    const text = await page.getByTestId('report-page').innerText();
    assert.ok(text.includes('评标报告'));
    assert.ok(text.includes(DISSENT));
    assert.ok(text.includes('北京时间'));
    assert.ok(!text.includes(room.evaluationId) && !text.includes(report.reportId), 'no ids on the page');
    assert.ok(!/\d{4}-\d{2}-\d{2}T/.test(text), 'no ISO timestamps on the page');
    for (const c of report.content.candidates) assert.ok(text.includes(c.bidderName));
    // The PDF is typeset on the server (CJK glyphs subset): on a busy test machine it takes a while, and the
    // test server shares this process's event loop with Playwright's client, so even the click's answer waits.
    const download = page.waitForEvent('download', { timeout: 240_000 });
    await page.getByTestId('report-pdf').click({ timeout: 240_000 });
    const pdf = await readFile(await (await download).path());
    const pdfWords = (await pdfText(pdf)).join('').replace(/\s+/g, '');
    assert.ok(pdfWords.includes(report.content.tender.title.replace(/\s+/g, '')));
    await page.getByTestId('lang-switch').click();
    await page.getByText('Evaluation report').first().waitFor();
    await page.getByText('Recommended candidates').waitFor();
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import { evaluationScene, type EvaluationScene } from '../helpers/evaluation.js';
import { Committee } from '../helpers/evaluation-room.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { SocketClients } from '../helpers/sockets.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const REASON = '评审报告中商务分计算错误，责令原评标委员会重新评审';

describe('责令重新评审 in a browser: a supervisor sends a concluded evaluation back to its committee', function () {
  this.timeout(300_000);
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  let room: Committee;
  let browser: Browser;
  let supervisor: Page;

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: run npx vite build web first`);
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 3 });
    room = await Committee.open(scene, clients);
    await room.toScoring();
    await room.scoreAllAndConclude();

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    supervisor = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    await supervisor.goto('/#/login');
    await supervisor.getByTestId('login-username').fill(scene.supervisor.username);
    await supervisor.getByTestId('login-password').fill(PASSWORD);
    await supervisor.getByTestId('login-submit').click();
    await supervisor.getByTestId('home').waitFor();
  });
  after(async () => {
    clients?.closeAll();
    await browser?.close();
    await server?.stop();
  });

  it('orders the re-evaluation from the tender supervision page; the history and the room say so', async () => {
    await supervisor.setViewportSize({ width: 390, height: 844 });
    await supervisor.goto(`/#/supervision/tenders/${scene.tender.id}`);
    const button = supervisor.getByTestId('instruction-re-evaluation');
    await button.waitFor();
    assert.match((await button.textContent()) ?? '', /责令重新评审：/);
    // By keyboard: the button, the reason, the confirmation.
    await button.focus();
    await supervisor.keyboard.press('Enter');
    await supervisor.getByTestId('decision-reason').fill(REASON);
    await supervisor.getByTestId('decision-confirm').click();
    await supervisor.getByTestId('instruction-done').waitFor();
    // The panel shows "done" first and is drawn again with the history after it.
    await supervisor
      .locator('[data-testid="instruction-history"] tbody tr')
      .filter({ hasText: /JG-\d{4}-0001/ })
      .waitFor();
    const history = (await supervisor.getByTestId('instruction-history').textContent()) ?? '';
    assert.match(history, /JG-\d{4}-0001/);
    assert.ok(history.includes('责令重新评审') && history.includes(REASON));
    assert.doesNotMatch(history, /[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d\d-\d\dT\d\d:/, 'no raw ids or ISO times');
    await settlesTo('no longer concluded: re-evaluation buttons', () => button.count(), 0);
    await settlesTo(
      'the page fits 390 px: overflow in px',
      () => supervisor.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)),
      0,
    );
    await supervisor.screenshot({ path: `${SHOTS}/supervision-reevaluation.png`, fullPage: true });

    await supervisor.goto(`/#/evaluations/${room.evaluationId}`);
    await supervisor
      .locator('[data-testid="evaluation-log-entry"][data-kind="reopened"]')
      .filter({ hasText: REASON })
      .waitFor();
  });
});

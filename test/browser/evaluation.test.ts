import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PASSWORD } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import {
  call,
  declaration,
  evaluationOf,
  evaluationScene,
  memberOf,
  reviewSheet,
  scoreSheet,
  signedInput,
  allPass,
  type CommitteeUser,
  type EvaluationScene,
} from '../helpers/evaluation.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { SocketClients } from '../helpers/sockets.js';
import type { Socket } from 'socket.io-client';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
/** The phone width the room must work at. */
const PHONE = { width: 390, height: 844 };

interface BrowserMember {
  user: CommitteeUser;
  context: BrowserContext;
  page: Page;
}

interface SocketMember {
  user: CommitteeUser;
  memberId: string;
  socket: Socket;
}

/*
 * A 5-member committee: three experts in three browser contexts (one at phone width), two driven over their
 * own sockets by the test. They declare, elect the leader, review, answer a clarification through the bidder's
 * inbox, score, and the leader moves the evaluation on to its result; a supervisor watches with actor and IP.
 */
describe('the evaluation room in a browser: three members review and score, the leader concludes', function () {
  this.timeout(240_000);
  let server: TestServer;
  let scene: EvaluationScene;
  let evaluationId: string;
  let browser: Browser;
  let clients: SocketClients;
  const inBrowser: BrowserMember[] = [];
  const overSockets: SocketMember[] = [];
  /** Technical points per bid (index = bid), the same from every member; the price score is computed. */
  const technical = [28, 38, 33, 30];

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home').waitFor();
  }

  const room = (m: BrowserMember) => m.page.getByTestId('evaluation-room');
  const atStep = (m: BrowserMember, step: string) =>
    m.page.locator(`[data-testid="evaluation-step"][data-step="${step}"]`).waitFor();
  const bidCard = (m: BrowserMember, bidderName: string) =>
    m.page.locator(`[data-testid="evaluation-bid"][data-bidder="${bidderName}"]`);
  const ack = (a: { ok: boolean; error?: { code: string; message: string } }, what: string) =>
    assert.ok(a.ok, `${what}: ${a.error?.code} ${a.error?.message}`);

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: build the web app first`);
    server = await startTestServer({ seedDemo: false });
    scene = await evaluationScene(server.testPlatform);
    evaluationId = (await evaluationOf(server.testPlatform, scene.tender.id, scene.section.id)).id;
    clients = new SocketClients(server.baseUrl);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    for (const [i, user] of scene.experts.slice(0, 3).entries()) {
      const context = await browser.newContext({
        baseURL: server.baseUrl,
        ...(i === 2 && { viewport: PHONE, isMobile: true, hasTouch: true }),
      });
      const page = await context.newPage();
      // The leader's moves and a conflict declaration ask for a confirmation: the member says yes.
      page.on('dialog', (dialog) => void dialog.accept());
      inBrowser.push({ user, context, page });
    }
    for (const user of scene.experts.slice(3)) {
      const member = await memberOf(server.testPlatform, evaluationId, user.userId);
      const socket = await clients.connect(user.token, '/evaluation');
      ack(await call(socket, 'evaluation:join', { evaluationId }), 'join');
      overSockets.push({ user, memberId: member.id, socket });
    }
  });
  after(async () => {
    clients?.closeAll();
    await browser?.close();
    await server?.stop();
  });

  it('forms the committee: keys made in the browser, declarations signed, the leader elected', async () => {
    const typed = scene.section.evaluationPlan.criteria.filter(
      (c) => c.kind !== 'pass-fail' && c.group !== 'price',
    );
    assert.equal(typed.length, 1, 'this scene scores one typed criterion');
    for (const m of inBrowser) {
      await signIn(m.page, m.user.username);
      // 我的评标 lists the evaluation; the member opens it by name.
      await m.page.getByTestId('nav-evaluations').click();
      await m.page.getByTestId('evaluation-open').click();
      await atStep(m, 'forming');
      // No key on this device yet: the page says why one is needed and makes it here.
      await m.page.getByTestId('evaluation-key-missing').waitFor();
      await m.page.getByTestId('evaluation-key-create').click();
      await m.page.getByTestId('evaluation-key-ready').waitFor({ timeout: 60_000 });
      const bidders = await m.page
        .getByTestId('evaluation-declaration-bidders')
        .locator('li')
        .allTextContents();
      assert.deepEqual(bidders, scene.bids.map((b) => b.bidder.name).sort());
      await m.page.getByTestId('evaluation-declare').click();
      await m.page.getByTestId('evaluation-vote').waitFor();
    }
    await inBrowser[0]!.page.screenshot({ path: `${SHOTS}/evaluation-forming.png`, fullPage: true });
    const names = scene.bids.map((b) => b.bidder.name);
    for (const s of overSockets) {
      ack(
        await call(
          s.socket,
          'evaluation:declare',
          await signedInput(s.user, declaration(evaluationId, s.memberId, names)),
        ),
        'declare',
      );
    }
    const leader = inBrowser[0]!;
    const leaderMember = await memberOf(server.testPlatform, evaluationId, leader.user.userId);
    for (const m of inBrowser) {
      await m.page
        .locator(`[data-testid="evaluation-vote-candidate"][data-name="${leader.user.name}"]`)
        .check();
      await m.page.getByTestId('evaluation-vote-submit').click();
      // Counted: the page shows the vote, or (the third vote) the elected leader.
      await m.page
        .getByTestId('evaluation-voted')
        .or(m.page.getByTestId('evaluation-leader-badge'))
        .first()
        .waitFor();
    }
    for (const s of overSockets) {
      ack(
        await call(s.socket, 'evaluation:vote-leader', {
          evaluationId,
          eventId: crypto.randomUUID(),
          candidateMemberId: leaderMember.id,
        }),
        'vote',
      );
    }
    await leader.page.getByTestId('evaluation-leader-console').waitFor();
    const badge = inBrowser[1]!.page.locator(
      `[data-testid="evaluation-member"][data-name="${leader.user.name}"] [data-testid="evaluation-leader-badge"]`,
    );
    await badge.waitFor();
    assert.equal(await inBrowser[1]!.page.getByTestId('evaluation-leader-console').count(), 0);
    await leader.page.getByTestId('evaluation-advance').click();
    for (const m of inBrowser) await atStep(m, 'review');
  });

  it('reviews every bid, a fail refused without its reason, the rest over sockets', async () => {
    const phone = inBrowser[2]!;
    const first = bidCard(phone, scene.bids[0]!.bidder.name);
    // A fail needs a reason: checked in the page before anything is signed.
    await first.getByTestId('review-fail').first().check();
    await first.getByTestId('review-submit').click();
    await first.getByTestId('review-reason-error').filter({ hasText: '不合格须填写理由' }).waitFor();
    assert.equal(await first.getByTestId('review-submitted').count(), 0);
    await phone.page.screenshot({ path: `${SHOTS}/evaluation-review-390.png`, fullPage: true });
    // The first bid's PDF is drawn in the page; its spreadsheet is downloaded, byte for byte.
    const desk = inBrowser[0]!;
    const withFiles = bidCard(desk, scene.bids[0]!.bidder.name);
    await withFiles.getByTestId('attachment-view').first().click();
    await withFiles.getByTestId('pdf-page').first().waitFor();
    const [download] = await Promise.all([
      desk.page.waitForEvent('download'),
      withFiles.getByTestId('attachment-download').nth(1).click(),
    ]);
    assert.equal(download.suggestedFilename(), '报价明细.csv');
    const saved = await readFile((await download.path())!);
    assert.deepEqual(new Uint8Array(saved), scene.bids[0]!.attachments[1]!.bytes);
    await withFiles.getByTestId('attachment-view').first().click();
    // By keyboard alone: Space checks "pass", Tab goes on to the submit button, Enter signs and sends.
    const byKeys = bidCard(phone, scene.bids[1]!.bidder.name);
    await byKeys.getByTestId('review-pass').first().focus();
    await phone.page.keyboard.press('Space');
    await phone.page.keyboard.press('Tab');
    await settlesTo(
      'the element Tab moved to',
      () => phone.page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'review-submit',
    );
    await phone.page.keyboard.press('Enter');
    await byKeys.getByTestId('review-submitted').waitFor();
    for (const m of inBrowser) {
      for (const bid of scene.bids) {
        const card = bidCard(m, bid.bidder.name);
        if ((await card.getByTestId('review-submitted').count()) > 0) continue;
        for (const radio of await card.getByTestId('review-pass').all()) await radio.check();
        await card.getByTestId('review-submit').click();
        await card.getByTestId('review-submitted').waitFor();
      }
    }
    // Too early: the leader's move is refused, naming who still owes which sheet.
    const leader = inBrowser[0]!;
    await leader.page.getByTestId('evaluation-advance').click();
    await leader.page
      .getByTestId('advance-missing-sheet')
      .nth(2 * scene.bids.length - 1)
      .waitFor();
    const owed = await leader.page.getByTestId('advance-missing-sheet').allTextContents();
    assert.equal(owed.length, overSockets.length * scene.bids.length);
    for (const s of overSockets)
      assert.ok(
        owed.some((line) => line.includes(s.user.name)),
        owed.join('; '),
      );
    await atStep(leader, 'review');
    const plan = scene.section.evaluationPlan;
    for (const s of overSockets)
      for (const bid of scene.bids)
        ack(
          await call(
            s.socket,
            'evaluation:review',
            await signedInput(s.user, reviewSheet(evaluationId, s.memberId, bid.bidId, allPass(plan))),
          ),
          'review',
        );
    // Progress per bid, live in every room: five of five.
    await inBrowser[1]!.page
      .locator('[data-testid="bid-progress"][data-kind="review"][data-done="5"]')
      .nth(scene.bids.length - 1)
      .waitFor();
    await inBrowser[0]!.page.getByTestId('evaluation-advance').click();
    for (const m of inBrowser) await atStep(m, 'clarification');
  });

  it('asks a bidder a question, answered in the bidder’s inbox without changing the price', async () => {
    const leader = inBrowser[0]!;
    const asked = scene.bids[1]!;
    await leader.page.getByTestId('clarify-bidder').selectOption({ label: asked.bidder.name });
    await leader.page.getByTestId('clarify-question').fill('请说明工期安排。');
    await leader.page.getByTestId('clarify-submit').click();
    await leader.page.getByTestId('evaluation-clarification').waitFor();

    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: PHONE, isMobile: true });
    // The inbox counts down on the device's clock: here the device's clock is the platform's.
    await context.clock.install({ time: server.testPlatform.clock.now() });
    const bidder = await context.newPage();
    await signIn(bidder, asked.bidder.user.username);
    await bidder.getByTestId('nav-evaluation-clarifications').click();
    await bidder.getByTestId('inbox-item').waitFor();
    await bidder.getByTestId('inbox-countdown').filter({ hasText: '距答复截止还有' }).waitFor();
    await bidder.getByTestId('inbox-answer').fill('工期 180 日历天，与投标文件一致。');
    await bidder.getByTestId('inbox-submit').click();
    // Without the "no change of price or substance" confirmation nothing is sent: the page has refused (it
    // marks the box) before the count is read.
    await bidder.locator('[data-testid="inbox-no-change"][aria-invalid="true"]').waitFor();
    assert.equal(await bidder.getByTestId('inbox-answered').count(), 0);
    await bidder.getByTestId('inbox-no-change').check();
    await bidder.getByTestId('inbox-submit').click();
    await bidder.getByTestId('inbox-answered').waitFor();
    await bidder.screenshot({ path: `${SHOTS}/evaluation-inbox-390.png`, fullPage: true });
    await context.close();

    await leader.page
      .getByTestId('evaluation-clarification')
      .filter({ hasText: '工期 180 日历天' })
      .waitFor();
    await leader.page.getByTestId('evaluation-advance').click();
    for (const m of inBrowser) await atStep(m, 'scoring');
  });

  it('scores every bid: range checked at the field, the price score computed, input kept across a reload', async () => {
    const phone = inBrowser[2]!;
    const firstCard = bidCard(phone, scene.bids[0]!.bidder.name);
    await firstCard.getByTestId('score-input').first().fill('45');
    await firstCard.getByTestId('score-error').filter({ hasText: '0 到 40' }).waitFor();
    // The price score is shown as computed, and there is no field for it.
    assert.equal(await firstCard.getByTestId('score-price').textContent(), '60.00');
    assert.equal(await firstCard.locator('input[data-criterion="price"]').count(), 0);

    // Typed, then the page reloads: the unsent input is still there.
    const second = inBrowser[1]!;
    await bidCard(second, scene.bids[0]!.bidder.name).getByTestId('score-input').first().fill('27');
    await second.page.reload();
    await atStep(second, 'scoring');
    assert.equal(
      await bidCard(second, scene.bids[0]!.bidder.name).getByTestId('score-input').first().inputValue(),
      '27',
    );

    // The connection drops mid-sheet and stays down: the typed score stays, the signed sheet waits in the
    // page, and goes (with the same event id) once the room is back.
    const last = scene.bids.length - 1;
    const dropping = bidCard(second, scene.bids[last]!.bidder.name);
    await dropping.getByTestId('score-input').first().fill(String(technical[last]));
    await second.context.setOffline(true);
    for (const socket of server.realtime.io.of('/evaluation').sockets.values()) {
      const actor = (socket.data as { actor?: { userId: string } | null }).actor;
      if (actor?.userId === second.user.userId) socket.conn.close();
    }
    await second.page.locator('[data-testid="evaluation-connection"][data-live="no"]').waitFor();
    await dropping.getByTestId('score-submit').click();
    await dropping.getByTestId('evaluation-pending').filter({ hasText: '等待连接恢复' }).waitFor();
    assert.equal(await dropping.getByTestId('score-input').first().inputValue(), String(technical[last]));
    await second.context.setOffline(false);
    // Socket.IO's reconnection backoff (up to 7.5 s), then the re-join and the resend.
    await dropping.getByTestId('score-submitted').waitFor({ timeout: 60_000 });
    await second.page.locator('[data-testid="evaluation-connection"][data-live="yes"]').waitFor();

    for (const m of inBrowser) {
      for (const [i, bid] of scene.bids.entries()) {
        const card = bidCard(m, bid.bidder.name);
        if ((await card.getByTestId('score-submitted').count()) > 0) continue;
        await card.getByTestId('score-input').first().fill(String(technical[i]));
        await card.getByTestId('score-submit').click();
        await card.getByTestId('score-submitted').waitFor();
      }
    }
    // One member of five says the time is too short: noted, not yet more than a third.
    await phone.page.getByTestId('evaluation-time-short').click();
    await phone.page.getByTestId('evaluation-time-short-said').waitFor();
    await inBrowser[0]!.page.getByTestId('evaluation-time-short-count').filter({ hasText: '1/5' }).waitFor();
    await phone.page.screenshot({ path: `${SHOTS}/evaluation-scoring-390.png`, fullPage: true });
    const key = scene.section.evaluationPlan.criteria.find(
      (c) => c.kind !== 'pass-fail' && c.group !== 'price',
    )!.key;
    for (const s of overSockets)
      for (const [i, bid] of scene.bids.entries())
        ack(
          await call(
            s.socket,
            'evaluation:score',
            await signedInput(
              s.user,
              scoreSheet(evaluationId, s.memberId, bid.bidId, { [key]: technical[i]! * 100 }),
            ),
          ),
          'score',
        );
    await inBrowser[0]!.page
      .locator('[data-testid="bid-progress"][data-kind="score"][data-done="5"]')
      .nth(scene.bids.length - 1)
      .waitFor();
  });

  it('ranks and concludes: the ranking and the candidates show in every member’s room', async () => {
    const leader = inBrowser[0]!;
    await leader.page.getByTestId('evaluation-advance').click();
    for (const m of inBrowser) await atStep(m, 'ranking');
    // Totals: technical + 60 × lowest / price → 96.67, 90.39, 88.00, 86.17.
    const expected = [1, 2, 0, 3].map((i) => scene.bids[i]!.bidder.name);
    for (const m of inBrowser) {
      await m.page.getByTestId('ranking-row').nth(3).waitFor();
      const order = await m.page
        .getByTestId('ranking-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-bidder')));
      assert.deepEqual(order, expected);
    }
    const top = leader.page.getByTestId('ranking-row').first().locator('[data-field="score"]');
    assert.equal(await top.textContent(), '96.67');
    // A member corrects an arithmetic slip (GP87 Art.64): a new signed version with its reason; the ranking
    // follows. Without the reason nothing is sent.
    const correcting = bidCard(inBrowser[1]!, scene.bids[1]!.bidder.name);
    await correcting.getByTestId('score-correct').click();
    await correcting.getByTestId('score-input').first().fill('37');
    await correcting.getByTestId('score-submit').click();
    await correcting.locator('[data-testid="score-correction-reason"][aria-invalid="true"]').waitFor();
    await correcting.getByTestId('score-correction-reason').selectOption('arithmetic');
    await correcting.getByTestId('score-correction-note-input').fill('技术分合计有误');
    await correcting.getByTestId('score-submit').click();
    await correcting.locator('[data-testid="score-submitted"][data-version="2"]').waitFor();
    await correcting.getByTestId('score-correction-note').filter({ hasText: '分值汇总计算错误' }).waitFor();
    // (38 × 4 + 37) / 5 = 37.80, plus the price score 58.67
    await top.filter({ hasText: '96.47' }).waitFor();
    await leader.page.getByTestId('evaluation-advance').click();
    for (const m of inBrowser) {
      await atStep(m, 'concluded');
      await m.page.getByTestId('evaluation-candidate').nth(2).waitFor();
    }
    const candidates = await inBrowser[2]!.page
      .getByTestId('evaluation-candidate')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-bidder')));
    assert.deepEqual(candidates, expected.slice(0, 3));
    await inBrowser[2]!.page.screenshot({ path: `${SHOTS}/evaluation-result-390.png`, fullPage: true });
    // In English, the same room (kept across the switch, no reload): steps, ranking and navigation.
    const phone = inBrowser[2]!.page;
    await phone.getByTestId('lang-switch').click();
    await phone.getByTestId('evaluation-step').filter({ hasText: 'Current step: Concluded' }).waitFor();
    await phone.locator('[data-testid="ranking-table"] th', { hasText: 'Rank' }).waitFor();
    assert.equal(await phone.getByTestId('nav-evaluations').textContent(), 'My evaluations');
    await phone.screenshot({ path: `${SHOTS}/evaluation-result-390-en.png` });
    await leader.page.screenshot({ path: `${SHOTS}/evaluation-leader.png`, fullPage: true });
    assert.ok(await room(inBrowser[1]!).isVisible());
  });

  it('shows the supervisor every step with its actor and IP, read-only', async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl });
    const page = await context.newPage();
    await signIn(page, scene.supervisor.username);
    await page.getByTestId('nav-evaluations').click();
    await page.getByTestId('evaluation-open').click();
    await page.getByTestId('evaluation-supervisor-note').waitFor();
    await page.getByTestId('evaluation-log-ip').first().waitFor();
    const actors = await page.getByTestId('evaluation-log-actor').allTextContents();
    assert.ok(actors.length > 0, 'each step names who did it');
    assert.equal(await page.getByTestId('score-form').count(), 0, 'nothing to fill in');
    assert.equal(await page.getByTestId('evaluation-advance').count(), 0);
    await page.screenshot({ path: `${SHOTS}/evaluation-supervisor.png`, fullPage: true });
    await context.close();
  });
});

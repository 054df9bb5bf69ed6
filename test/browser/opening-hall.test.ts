import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TenderView } from '../../src/modules/tenders/schemas.js';
import { PASSWORD } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import {
  openingTender,
  openingWorld,
  relogin,
  releaseShares,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from '../helpers/opening.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const WEB_INDEX = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

describe('the opening hall in a browser: one opening followed live by a bidder and the public', function () {
  this.timeout(120_000);
  let server: TestServer;
  let w: OpeningWorld;
  let tender: TenderView;
  let browser: Browser;
  let bidderPage: Page;
  let publicPage: Page;
  const prices = [61_234_500, 59_800_000, 60_500_000];

  before(async () => {
    if (!existsSync(WEB_INDEX)) throw new Error(`${WEB_INDEX} is missing: build the web app first`);
    server = await startTestServer({ seedDemo: false });
    const t = server.testPlatform;
    w = await openingWorld(t, 3);
    tender = await openingTender(t, w);
    for (let i = 0; i < 3; i++) await submitTestBid(t, tender, w.bidders[i]!, { priceFen: prices[i] });
    t.clock.set(new Date(new Date(tender.schedule.bidDeadline).getTime() - 2 * 3600_000));
    await relogin(t, w);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    bidderPage = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    publicPage = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('counts down, checks the bidder in, shows the progress without names, then the record with prices', async () => {
    const t = server.testPlatform;
    const bidder = w.bidders[0]!.user;
    // Days in the page's own language, words for an empty log, and a way back to the tender.
    const deadline = new Date(tender.schedule.bidDeadline).getTime();
    t.clock.set(new Date(deadline - 3 * 86400_000 - 3600_000));
    await publicPage.goto(`/#/tenders/${tender.id}/opening`);
    await publicPage
      .getByTestId('hall-countdown')
      .filter({ hasText: /^距开标还有 3天 0?1:\d\d:\d\d$|^距开标还有 3天 00:59:\d\d$/ })
      .waitFor();
    await publicPage.getByTestId('hall-log-empty').waitFor();
    assert.equal(await publicPage.getByTestId('hall-back').getAttribute('href'), `#/tenders/${tender.id}`);
    await publicPage.goto('about:blank');
    t.clock.set(new Date(deadline - 2 * 3600_000));

    await bidderPage.goto('/#/login');
    await bidderPage.getByTestId('login-username').fill(bidder.username);
    await bidderPage.getByTestId('login-password').fill(PASSWORD);
    await bidderPage.getByTestId('login-submit').click();
    await bidderPage.getByTestId('home').waitFor();
    await bidderPage.goto(`/#/tenders/${tender.id}/opening`);
    await publicPage.goto(`/#/tenders/${tender.id}/opening`);
    await publicPage.getByTestId('hall-public').waitFor();

    // Two hours before the opening by the server's clock, whatever the browser's own clock says.
    const countdown = bidderPage.getByTestId('hall-countdown');
    await countdown.filter({ hasText: /0?1:5\d:\d\d|02:00:00/ }).waitFor();
    await bidderPage.getByTestId('hall-connection').filter({ hasText: '实时连接正常' }).waitFor();
    await bidderPage.getByTestId('hall-check-in').click();
    await bidderPage.getByTestId('hall-checked-in').waitFor();
    assert.equal(await publicPage.getByTestId('hall-checkins').textContent(), '签到人数在开标时公布');

    // The deadline passes: the opening starts, two custodians release their shares.
    t.clock.set(tender.schedule.bidDeadline);
    const runner = testRunner(t);
    await runner.run();
    await publicPage.getByTestId('hall-bid').nth(2).waitFor();
    await publicPage.getByTestId('hall-checkins').filter({ hasText: '1' }).waitFor();
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    await releaseShares(t, tender.id, w.custodians[1]!, w.custodianKeys[1]!);
    await publicPage.locator('[data-testid="hall-bid"][data-state="decrypting"]').nth(2).waitFor();
    await bidderPage.locator('[data-testid="hall-bid"][data-state="decrypting"]').nth(2).waitFor();
    const midway = (await publicPage.getByTestId('opening-hall').textContent()) ?? '';
    assert.match(midway, /投标 1\/3: 密钥分片 2\/2/);
    for (const b of w.bidders) {
      const party = await t.platform.models.Party.findByPk(b.user.partyId!);
      assert.ok(party && !midway.includes(party.name), 'no bidder named yet');
    }
    assert.ok(!midway.includes('¥'), 'no price yet');
    await publicPage.screenshot({ path: `${SHOTS}/opening-hall-progress.png`, fullPage: true });

    // Every bid settles: the record is published with the prices.
    await runner.run();
    await publicPage.getByTestId('hall-record-row').nth(2).waitFor();
    await bidderPage.getByTestId('hall-completed').waitFor();
    const shown = await publicPage
      .locator('[data-testid="hall-record-row"] [data-field="price"]')
      .allTextContents();
    assert.deepEqual(shown.sort(), ['¥598,000.00', '¥605,000.00', '¥612,345.00']);
    await settlesTo(
      'the log has steps now',
      () => publicPage.getByTestId('hall-log-empty').isVisible(),
      false,
    );
    const outcomes = publicPage.locator('[data-testid="hall-bid"][data-outcome="opened"]');
    await settlesTo('the bids opened', () => outcomes.count(), 3);
    await bidderPage.getByTestId('hall-objection-form').waitFor();
    // The history of the opening, step by step, as everyone sees it. The hall's events are relayed from the
    // opening's on their own time: the progress may show the opening completed before its step is listed.
    const steps = () =>
      bidderPage
        .getByTestId('hall-event')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).join(', '));
    for (const kind of [
      'opening.started',
      'opening.share-released',
      'opening.bid-settled',
      'opening.completed',
    ]) {
      await settlesTo(`${kind} in the steps`, steps, new RegExp(`(^|, )${kind.replace('.', '\\.')}(,|$)`));
    }
    await bidderPage.screenshot({ path: `${SHOTS}/opening-hall-record.png`, fullPage: true });
  });

  it("shows a supervisor who took each step and from where, and the platform's own steps as the platform's", async () => {
    const page = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(w.supervisor.username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-role').waitFor();
    await page.goto(`/#/tenders/${tender.id}/opening`);
    await page.getByTestId('hall-completed').waitFor();
    // The first paint (HTTP) has no log: it comes with the socket's join, every step at once.
    await page.locator('[data-testid="hall-event"][data-kind="opening.completed"]').waitFor();
    const byKind = await page
      .getByTestId('hall-event')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('data-kind'),
          e.querySelector('[data-testid="hall-actor"]')?.textContent,
        ]),
      );
    const actorOf = (kind: string) => byKind.find(([k]) => k === kind)?.[1] ?? '';
    // The opening starts by itself at the deadline: no person, so no address either.
    assert.equal(actorOf('opening.started'), ' · 操作人: 平台（自动）');
    // A custodian's release names the custodian and the address it came from.
    assert.match(actorOf('opening.share-released'), / · 操作人: \S+ · IP 地址: \S+/);
    assert.ok(!byKind.some(([, a]) => /system/.test(a ?? '')), byKind.map(([, a]) => a).join('\n'));
  });
});

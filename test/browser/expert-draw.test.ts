import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { bearer, createStaff, PASSWORD, type TestUser } from '../helpers/api.js';
import { settlesTo } from '../helpers/eventually.js';
import { expertRow, toCsv, type ExpertRow } from '../helpers/experts.js';
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
const DAY = 24 * 3600_000;

interface Member {
  expertId: string;
  name: string;
  status: string;
  step: number;
}

describe('expert draw in a browser (import → request → witness → draw → decline and redraw → announce → verify)', function () {
  let server: TestServer;
  let world: TenderWorld;
  let tender: { id: string; sections: { id: string }[]; tenderee: { uscc: string } };
  let browser: Browser;
  const pages = new Map<string, Page>();
  // Four local (Nanning, 4501) and two remote (Liuzhou, 4502) experts of A080201, under the requested A0802,
  // and one architect (A0401) whom the admin suspends.
  const local = Array.from({ length: 4 }, () => expertRow());
  const remote = Array.from({ length: 2 }, () => expertRow({ regionCode: '450203' }));
  const architect = expertRow({ specialties: ['A0401'] });
  const rows: ExpertRow[] = [...local, ...remote, architect];
  // Imported later, for the agency to exclude by name.
  const excluded = expertRow({ specialties: ['A0401'], name: '欧阳建国' });
  const logins = new Map<string, TestUser>(); // expert id → login
  let drawId = '';
  let evaluationDate = '';

  before(async function () {
    if (!existsSync(WEB_INDEX)) {
      throw new Error(`${WEB_INDEX} is missing: build the web app first (npx vite build web)`);
    }
    server = await startTestServer({ seedDemo: false });
    world = await tenderWorld(server.testPlatform);
    tender = await publishedTender(server.testPlatform, world, { agencyPartyId: world.agency.partyId! });
    const beijing = new Date(server.testPlatform.clock.now().getTime() + 8 * 3600_000 + 30 * DAY);
    evaluationDate = beijing.toISOString().slice(0, 10);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A signed-in page per user, each in its own browser context (its own session storage). */
  async function as(username: string): Promise<Page> {
    const known = pages.get(username);
    if (known) return known;
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto('/#/login');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
    pages.set(username, page);
    return page;
  }

  const api = () => request(server.testPlatform.app);

  /** The draw as its supervisor sees it (names), for the test to know who was drawn. */
  async function members(): Promise<Member[]> {
    const res = await api()
      .get(`/api/v1/expert-draws/${drawId}`)
      .set(bearer(world.supervisor.token))
      .expect(200);
    return res.body.members as Member[];
  }

  async function openDraw(page: Page): Promise<void> {
    // A page already showing the draw is reloaded: going to the same address would not fetch it again.
    if (page.url().endsWith(`#/expert-draws/${drawId}`)) await page.reload();
    else await page.goto(`/#/expert-draws/${drawId}`);
    // This draw's page, not the one the page showed before the address changed.
    await page
      .locator(`[data-testid="draw-page"][data-draw-id="${drawId}"] [data-testid="draw-steps"]`)
      .waitFor();
  }

  it('lets the admin preview an import with a line-numbered error, then import the clean file', async () => {
    const page = await as(world.admin.username);
    await page.getByTestId('nav-experts').click();
    await page.getByTestId('expert-import').waitFor();

    // The second expert's ID number has a wrong check character: CSV line 3 (the header is line 1).
    const broken = rows.map((r, i) =>
      i === 1 ? { ...r, idNumber: r.idNumber.slice(0, 17) + (r.idNumber.endsWith('1') ? '2' : '1') } : r,
    );
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'experts.csv', mimeType: 'text/csv', buffer: Buffer.from(toCsv(broken)) });
    await page.getByTestId('import-preview').click();
    await page.getByTestId('import-has-errors').waitFor();
    const problem = page.getByTestId('import-problem');
    assert.equal(await problem.count(), 1);
    assert.equal(await problem.getAttribute('data-line'), '3');
    assert.match((await problem.textContent()) ?? '', /第 3 行.*idNumber.*字段无效/);
    assert.equal(
      await page.getByTestId('import-commit').isDisabled(),
      true,
      'no import of a file with errors',
    );
    await page.screenshot({ path: `${SHOTS}/yg-expert-import-errors.png`, fullPage: true });
    const afterPreview = await api().get('/api/v1/experts').set(bearer(world.admin.token)).expect(200);
    assert.equal(afterPreview.body.items.length, 0, 'a preview writes nothing');

    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'experts.csv', mimeType: 'text/csv', buffer: Buffer.from(toCsv(rows)) });
    await page.getByTestId('import-preview').click();
    await page.getByTestId('import-clean').waitFor();
    assert.equal(
      await page.locator('[data-testid="import-change"][data-action="create"]').count(),
      rows.length,
    );
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-done').waitFor();
    assert.match((await page.getByTestId('import-done').textContent()) ?? '', /新增 7/);
    await page
      .locator('[data-testid="expert-row"]')
      .nth(rows.length - 1)
      .waitFor();
    // The list is fetched again after the import (and once more if the catalog comes in late).
    await settlesTo(
      'the experts listed after the import',
      () => page.getByTestId('expert-row').count(),
      rows.length,
    );

    // ID numbers appear only masked, as the server returns them.
    const shown = await page.getByTestId('expert-id-number').allTextContents();
    for (const row of rows) assert.ok(!shown.includes(row.idNumber), 'no full ID number on the page');
    assert.ok(
      shown.every((text) => /^\d{3}\*+\w{4}$/.test(text)),
      shown.join(' '),
    );
  });

  it('filters the pool by specialty and suspends an expert with a reason', async () => {
    const page = await as(world.admin.username);
    await page.getByTestId('ex-filter-specialty').selectOption('A0802');
    await page.getByTestId('ex-filter-submit').click();
    await page.waitForFunction(() => location.hash.includes('specialty=A0802'));
    // The unfiltered list (7 rows) stays until the filtered one replaces it.
    await settlesTo('A0802 includes its A080201 experts', () => page.getByTestId('expert-row').count(), 6);

    await page.getByTestId('ex-filter-specialty').selectOption('A0401');
    await page.getByTestId('ex-filter-submit').click();
    const row = page.getByTestId('expert-row').filter({ hasText: architect.name });
    await row.waitFor();
    await row.getByTestId('sanction-suspend').click();
    await page.getByTestId('decision-reason').fill('连续两次无故缺席评标');
    await page.getByTestId('decision-confirm').click();
    await page.getByTestId('sanction-done').waitFor();
    assert.equal(
      await page.getByTestId('expert-row').filter({ hasText: architect.name }).getAttribute('data-status'),
      'suspended',
    );
    const notices = await api().get('/api/v1/expert-sanctions').expect(200);
    assert.equal(notices.body.items[0].reason, '连续两次无故缺席评标');

    // Each drawable expert gets a login (accounts are linked by the admin through the API).
    const pool = await api()
      .get('/api/v1/experts?specialty=A0802')
      .set(bearer(world.admin.token))
      .expect(200);
    for (const [i, expert] of (pool.body.items as { id: string }[]).entries()) {
      const user = await createStaff(server.testPlatform, 'expert', `pool-expert-${i}`);
      await api()
        .put(`/api/v1/experts/${expert.id}/account`)
        .set(bearer(world.admin.token))
        .send({ userId: user.userId })
        .expect(200);
      logins.set(expert.id, user);
    }
  });

  it('explains a shortfall per specialty when too few experts are eligible', async () => {
    // Three remote seats with two remote experts: requested and witnessed through the API, run in the page.
    const created = await api()
      .post(`/api/v1/tenders/${tender.id}/expert-draws`)
      .set(bearer(world.agency.token))
      .send({
        sectionId: tender.sections[0]!.id,
        supervisorUserId: world.supervisor.userId,
        localRegionPrefix: '4501',
        slots: [{ specialty: 'A0802', count: 3, remote: 3 }],
        evaluationDate,
        place: '南宁市公共资源交易中心',
      })
      .expect(201);
    await api()
      .post(`/api/v1/expert-draws/${created.body.id}/witness`)
      .set(bearer(world.supervisor.token))
      .send({})
      .expect(200);
    const page = await as(world.agency.username);
    await page.goto(`/#/expert-draws/${created.body.id}`);
    await page.getByTestId('draw-run').click();
    const shortfall = page.locator(
      '[data-testid="shortfall"][data-specialty="A0802"][data-locality="remote"]',
    );
    await shortfall.waitFor();
    assert.match(
      (await shortfall.textContent()) ?? '',
      /A0802 市政工程（异地）：需要 3 人，符合条件的只有 2 人/,
    );
  });

  it('lets the agency request a draw with seats per specialty, the local/remote mix, date and place', async () => {
    const page = await as(world.agency.username);
    await page.getByTestId('nav-expert-draws').click();
    await page
      .locator(`[data-testid="draw-tender"][data-tender-id="${tender.id}"] [data-testid="draw-new"]`)
      .click();
    await page.getByTestId('draw-request-form').waitFor();
    await page.locator('[name="supervisorUserId"]').selectOption(world.supervisor.userId);
    await page.locator('[name="localRegionPrefix"]').fill('4501');
    await page.locator('[name="slots.0.specialty"]').selectOption('A0802');
    await page.locator('[name="slots.0.count"]').fill('3');
    await page.locator('[name="slots.0.remote"]').fill('1');
    await page.locator('[name="evaluationDate"]').fill(evaluationDate);
    await page.locator('[name="place"]').fill('南宁市公共资源交易中心 3 号评标室');
    // An exclusion (回避) picked by name, never typed as an id: an architect, so the A0802 seats are as before.
    await api()
      .post('/api/v1/expert-imports')
      .set(bearer(world.admin.token))
      .set('Content-Type', 'text/csv')
      .send(toCsv([excluded]))
      .expect(200);
    const search = page.getByTestId('exclusion-search');
    await search.fill(excluded.name.slice(0, 1));
    await search.press('Enter'); // searches, and does not submit the request
    await page.getByTestId('exclusion-status').getByText('至少 2 个字').waitFor();
    await search.fill(excluded.name);
    await search.press('Enter');
    const label = `${excluded.name}（${excluded.employerName}）`;
    await page.getByTestId('exclusion-result').filter({ hasText: label }).click();
    await page.getByTestId('exclusion-reason').fill('曾参与本项目可行性研究');
    assert.equal(await page.getByTestId('exclusion-name').textContent(), label);
    await page.screenshot({ path: `${SHOTS}/yg-expert-draw-request.png`, fullPage: true });
    // On a phone the picked row wraps: the request never scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/yg-expert-draw-request-390.png`, fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.ok(width <= 390, `the draw request is ${width} px wide at 390 px`);
    await page.getByTestId('draw-submit').click();
    await page.getByTestId('draw-waiting').waitFor();
    drawId = /expert-draws\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const shown = page.getByTestId('draw-exclusion');
    assert.equal(await shown.count(), 1);
    assert.match((await shown.textContent()) ?? '', new RegExp(`^${label}曾参与本项目可行性研究$`));
    assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /[0-9a-f]{8}-[0-9a-f]{4}-/);
    // The architect suspended above is barred by a credit record: left out as well, named to the supervisor only.
    await page.getByTestId('draw-exclusions-unnamed').waitFor();
    assert.ok(!((await page.locator('main').textContent()) ?? '').includes(architect.name));
    await page.screenshot({ path: `${SHOTS}/yg-expert-draw-requested.png`, fullPage: true });
    assert.equal(await page.getByTestId('draw-status').getAttribute('data-status'), 'committed');
    assert.match((await page.getByTestId('draw-commitment').textContent()) ?? '', /^[0-9a-f]{64}$/);
  });

  it('lets the supervisor witness with generated entropy and run the draw, seeing the names', async () => {
    const page = await as(world.supervisor.username);
    await page.getByTestId('nav-expert-draws').click();
    await page
      .locator(`[data-testid="draw-row"][data-draw-id="${drawId}"] [data-testid="draw-link"]`)
      .click();
    await page.getByTestId('draw-witness-card').waitFor();
    // The supervisor sees every exclusion by name: the agency's, and the credit record's, marked as such.
    await page
      .locator('[data-testid="draw-exclusion"][data-source="credit"]')
      .filter({ hasText: architect.name })
      .waitFor();
    await page
      .locator('[data-testid="draw-exclusion"][data-source="requested"]')
      .filter({ hasText: excluded.name })
      .waitFor();
    await page.getByTestId('entropy-generate').click();
    await settlesTo(
      'the generated entropy',
      () => page.getByTestId('entropy').inputValue(),
      /^[0-9a-f]{64}$/,
    );
    const entropy = await page.getByTestId('entropy').inputValue();
    await page.getByTestId('draw-witness').click();
    await page.getByTestId('draw-witnessed').waitFor();
    assert.equal(await page.getByTestId('draw-entropy').textContent(), entropy);

    await page.getByTestId('draw-run').click();
    await page.getByTestId('draw-ran').waitFor();
    assert.equal(await page.getByTestId('draw-member').count(), 3);
    const names = await page.getByTestId('member-name').allTextContents();
    for (const m of await members())
      assert.ok(
        names.some((n) => n.startsWith(m.name)),
        `${m.name} shown`,
      );
    await page.screenshot({ path: `${SHOTS}/yg-expert-draw-supervisor.png`, fullPage: true });
  });

  it('shows the agency counts only, no names, before the announcement', async () => {
    const page = await as(world.agency.username);
    await openDraw(page);
    await page.getByTestId('draw-sealed').waitFor();
    assert.equal(await page.getByTestId('count-invited').locator('strong').textContent(), '3');
    const text = (await page.locator('main').textContent()) ?? '';
    for (const m of await members()) assert.ok(!text.includes(m.name), 'no drawn name for the agency');
  });

  it('redraws the seat of an expert who declines in the inbox; the replacement and the others confirm', async () => {
    const drawn = await members();
    const decliner = drawn[0]!;
    const page = await as(logins.get(decliner.expertId)!.username);
    await page.getByTestId('nav-expert-inbox').click();
    const invitation = page.locator(`[data-testid="invitation"][data-draw-id="${drawId}"]`);
    await invitation.getByTestId('invitation-decline').click();
    await page.getByTestId('decision-reason').fill('当日已有其他评标任务');
    await page.getByTestId('decision-confirm').click();
    await page.getByTestId('invitation-declined').waitFor();
    await page
      .locator(`[data-testid="invitation"][data-draw-id="${drawId}"][data-status="declined"]`)
      .waitFor();
    await page.screenshot({ path: `${SHOTS}/yg-expert-inbox.png`, fullPage: true });

    const after = await members();
    const replacement = after.find((m) => m.step === 1);
    assert.ok(replacement, 'a redraw step seats a replacement');
    assert.notEqual(replacement.expertId, decliner.expertId);
    assert.equal(after.find((m) => m.expertId === decliner.expertId)?.status, 'declined');

    for (const m of after.filter((x) => x.status === 'invited')) {
      const expertPage = await as(logins.get(m.expertId)!.username);
      await expertPage.getByTestId('nav-expert-inbox').click();
      await expertPage
        .locator(`[data-testid="invitation"][data-draw-id="${drawId}"] [data-testid="invitation-confirm"]`)
        .click();
      await expertPage.getByTestId('decision-confirm').click();
      await expertPage.getByTestId('invitation-confirmed').waitFor();
    }
    assert.deepEqual(
      (await members()).filter((m) => m.status === 'confirmed').length,
      3,
      'the replacement and the two others confirmed',
    );

    const supervisor = await as(world.supervisor.username);
    await openDraw(supervisor);
    await supervisor.locator('[data-testid="draw-member"][data-status="declined"]').waitFor();
    assert.match((await supervisor.getByTestId('draw-members').textContent()) ?? '', /第 1 次补抽/);
  });

  it('lets the agency announce, and anyone then sees the committee and a verified record', async () => {
    const page = await as(world.agency.username);
    await openDraw(page);
    await page.getByTestId('draw-announce').click();
    await page.getByTestId('draw-announced').waitFor();
    assert.equal(await page.getByTestId('draw-status').getAttribute('data-status'), 'announced');

    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    const visitor = await context.newPage();
    await visitor.goto(`/#/expert-draws/${drawId}`);
    const verdict = visitor.getByTestId('verify-result');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-ok'), 'true');
    assert.match((await verdict.textContent()) ?? '', /已验证/);
    const inBrowser = visitor.getByTestId('verify-local');
    await inBrowser.waitFor();
    assert.equal(await inBrowser.getAttribute('data-ok'), 'true', 'the draw re-runs in the browser too');
    assert.match((await visitor.getByTestId('draw-secret').textContent()) ?? '', /^[0-9a-f]{64}$/);
    const confirmed = (await members()).filter((m) => m.status === 'confirmed');
    const names = await visitor.getByTestId('member-name').allTextContents();
    assert.equal(names.length, 3);
    for (const m of confirmed) assert.ok(names.some((n) => n.startsWith(m.name)));
    await visitor.screenshot({ path: `${SHOTS}/yg-expert-draw-verified.png`, fullPage: true });

    await visitor.getByTestId('lang-switch').click();
    await visitor.getByTestId('verify-result').filter({ hasText: 'verified' }).waitFor();
  });
  it('lets an expert keep their own unavailable days and declared conflicts, with the ID number masked', async () => {
    const [expertId, user] = [...logins.entries()][0]!;
    const page = await as(user.username);
    await page.getByTestId('nav-expert-profile').click();
    await page.getByTestId('unavailable-days').waitFor();
    const pool = await api().get(`/api/v1/experts/${expertId}`).set(bearer(world.admin.token)).expect(200);
    assert.match(
      (await page.getByTestId('expert-profile').textContent()) ?? '',
      new RegExp(pool.body.idNumber.replace(/\*/g, '\\*')),
    );

    await page.locator('[name="day"]').fill('2020-01-01');
    await page.getByTestId('day-add').click();
    await page
      .getByTestId('profile-messages')
      .getByTestId('error')
      .filter({ hasText: '今天或以后' })
      .waitFor();
    await page.locator('[name="day"]').fill(evaluationDate);
    await page.getByTestId('day-add').click();
    await page.locator(`[data-testid="unavailable-day"][data-day="${evaluationDate}"]`).waitFor();

    await page.locator('[name="partyUscc"]').fill(tender.tenderee.uscc);
    await page.locator('[name="relation"]').fill('曾在该单位任职');
    await page.getByTestId('conflict-add').click();
    await page.getByTestId('conflict').filter({ hasText: tender.tenderee.uscc }).waitFor();
    const me = await api().get(`/api/v1/experts/${expertId}`).set(bearer(world.admin.token)).expect(200);
    assert.deepEqual(me.body.unavailableDays, [evaluationDate]);
    assert.equal(me.body.conflicts[0].relation, '曾在该单位任职');
  });
});

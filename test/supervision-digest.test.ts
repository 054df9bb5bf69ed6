import assert from 'node:assert/strict';
import request from 'supertest';
import { DIGEST_JOB } from '../src/modules/supervision/digest/index.js';
import { bearer, createStaff, login, type TestUser } from './helpers/api.js';
import { evaluationScene, type EvaluationScene } from './helpers/evaluation.js';
import { testRunner } from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderSteps } from './helpers/tender-steps.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Beijing is UTC+8 all year. */
const beijingDate = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
/** 08:00 Beijing of the day after `date`: when its digest is composed. */
const composeAt = (date: string) => Date.parse(`${date}T00:00:00Z`) + DAY;

interface Alert {
  id: string;
  indicator: string;
  severity: string;
  status: string;
  raisedAt: string;
}

describe('supervision digest: the day before at 08:00 Beijing, from real data, once per date', function () {
  this.timeout(240_000);
  let t: TestPlatform;
  let w: TenderWorld;
  let scene: EvaluationScene;
  let supervisor: TestUser;
  let day: string;
  let old: Alert;

  /** Every job due now, tick after tick, on the platform's one test runner. */
  async function runDue() {
    await t.platform.supervision.watchdogs.idle();
    await t.platform.supervision.screener.idle();
    const { runner } = testRunner(t);
    for (;;) {
      const { started } = await runner.tick();
      await runner.drain();
      if (started.length === 0) return;
    }
  }
  const api = (path: string, user: TestUser | null = supervisor) => {
    const r = request(t.app).get(`/api/v1${path}`);
    return user ? r.set(bearer(user.token)) : r;
  };
  const alertsOf = async (tenderId: string): Promise<Alert[]> =>
    (await api(`/supervision/alerts?tenderId=${tenderId}`).expect(200)).body.items;
  const digestJob = (date: string) =>
    t.platform.jobs.models.Job.findOne({ where: { kind: DIGEST_JOB, key: date } });

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    // Weeks before: a tender whose notice went missing, its watchdog alert left open ever since.
    w = await tenderWorld(t);
    const lost = await publishedTender(t, w);
    await t.platform.db.sequelize.model('Notice').destroy({ where: { tenderId: lost.id, kind: 'tender' } });
    t.clock.advance(HOUR);
    await runDue();
    supervisor = w.supervisor;
    old = (await alertsOf(lost.id))[0]!;
    assert.equal(old?.indicator, 'notice-missing');
    // Cancelled (its notice of that is there): the alert stays open, nothing else of it happens later.
    await tenderSteps(t, w).cancel(lost.id, '项目计划调整');
    // The day itself: an opening, the committee formed, the screens' alerts.
    scene = await evaluationScene(t, { bidders: 3 });
    supervisor = await createStaff(t, 'supervisor', 'supervisor-digest');
    await runDue();
    const [opened] = await t.platform.events.read(0, 10, {
      tenderId: scene.tender.id,
      types: ['tender.opening-started'],
    });
    day = beijingDate(opened!.at.getTime());
  });
  after(() => t?.close());

  it('schedules the digest of the day at 08:00 Beijing the next morning; nothing a second before', async () => {
    // A watchdog finding of the day: the opening record gone before the check four hours after the opening.
    await t.platform.db.sequelize
      .model('Notice')
      .destroy({ where: { tenderId: scene.tender.id, kind: 'opening-record' } });
    const [opened] = await t.platform.events.read(0, 10, {
      tenderId: scene.tender.id,
      types: ['tender.opening-started'],
    });
    t.clock.set(new Date(opened!.at.getTime() + 4 * HOUR));
    await runDue();
    // A supervisor takes up and resolves one of the day's alerts.
    const [first] = await alertsOf(scene.tender.id);
    const post = (path: string, body?: object) =>
      request(t.app).post(`/api/v1${path}`).set(bearer(supervisor.token)).send(body);
    await post(`/supervision/alerts/${first!.id}/acknowledgement`).expect(200);
    await post(`/supervision/alerts/${first!.id}/resolution`, {
      conclusion: 'dismissed',
      note: '已核实，无异常。',
    }).expect(200);

    await t.platform.supervision.digests.ensureScheduled();
    const job = await digestJob(day);
    assert.equal(job?.runAt.getTime(), composeAt(day));
    t.clock.set(new Date(composeAt(day) - 1000));
    await runDue();
    assert.equal((await api('/supervision/digests').expect(200)).body.items.length, 0);
    assert.equal((await digestJob(day))?.status, 'pending');
  });

  it("composes the day's figures from the alerts and the stream, tells the stream, schedules the next day", async () => {
    t.clock.set(new Date(composeAt(day)));
    await scene.relogin();
    supervisor.token = await login(t.app, supervisor.username);
    await runDue();
    const { body } = await api(`/supervision/digests/${day}`).expect(200);
    const f = body.figures;
    assert.equal(body.date, day);
    assert.equal(f.from, new Date(Date.parse(`${day}T00:00:00Z`) - 8 * HOUR).toISOString());

    // The alerts raised that day, by indicator and severity, as the alerts API lists them.
    const all: Alert[] = (await api('/supervision/alerts').expect(200)).body.items;
    const ofDay = all.filter((a) => beijingDate(Date.parse(a.raisedAt)) === day);
    const expected = new Map<string, number>();
    for (const a of ofDay)
      expected.set(`${a.indicator}/${a.severity}`, (expected.get(`${a.indicator}/${a.severity}`) ?? 0) + 1);
    assert.ok(ofDay.length >= 1);
    assert.deepEqual(
      new Map(
        f.alerts.raised.map((c: { indicator: string; severity: string; count: number }) => [
          `${c.indicator}/${c.severity}`,
          c.count,
        ]),
      ),
      expected,
    );
    assert.equal(f.alerts.acknowledged.length, 1);
    assert.deepEqual(f.alerts.conclusions, [{ conclusion: 'dismissed', count: 1 }]);
    // The weeks-old alerts (the missing notice, the scene's uploads), still open at the day's end.
    const end = Date.parse(f.to);
    const stale = all.filter((a) => Date.parse(a.raisedAt) < end - 3 * DAY && a.status !== 'resolved');
    assert.ok(stale.some((a) => a.id === old.id));
    assert.equal(f.staleOpen.count, stale.length);
    assert.deepEqual(
      f.staleOpen.items.map((i: { alertId: string }) => i.alertId).sort(),
      stale.map((a) => a.id).sort(),
    );
    const oldItem = f.staleOpen.items.find((i: { alertId: string }) => i.alertId === old.id);
    assert.equal(oldItem.tenderTitle, '五象新区道路改造工程施工招标');
    // The watchdog's finding of the day, with its words.
    assert.equal(f.watchdogFindings.count, 1);
    assert.match(f.watchdogFindings.items[0].summary, /No opening record/);
    // The opening and the committee, by name.
    assert.equal(f.openings.count, 1);
    assert.equal(f.openings.items[0].tenderCode, scene.tender.code);
    assert.equal(f.evaluations.started, 1);
    assert.equal(f.evaluations.concluded, 0);
    assert.equal(f.evaluations.items[0].sectionName, scene.section.name);
    const complaintsTable = await t.platform.db.sequelize.getQueryInterface().tableExists('complaints');
    assert.deepEqual(f.complaints, complaintsTable ? [] : null);

    const ready = await t.platform.events.read(0, 1000, { types: ['supervision.digest-ready'] });
    assert.deepEqual(
      ready.map((e) => e.data),
      [{ date: day, alertsRaised: ofDay.length, staleOpen: stale.length }],
    );
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    assert.equal((await digestJob(next))?.status, 'pending');
    assert.equal((await digestJob(next))?.runAt.getTime(), composeAt(next));
  });

  it('stores one digest per date: the job run again, or scheduled again, changes nothing', async () => {
    const before = (await api(`/supervision/digests/${day}`).expect(200)).body;
    await (await digestJob(day))!.update({ status: 'pending' });
    await runDue();
    await t.platform.supervision.digests.ensureScheduled();
    await runDue();
    assert.deepEqual((await api(`/supervision/digests/${day}`).expect(200)).body, before);
    assert.equal((await api('/supervision/digests').expect(200)).body.items.length, 1);
    assert.equal((await t.platform.events.read(0, 1000, { types: ['supervision.digest-ready'] })).length, 1);
    // The unique date holds even against a direct second insert.
    await assert.rejects(
      t.platform.db.sequelize.model('SupervisionDigest').create({
        id: '00000000-0000-4000-8000-000000000000',
        digestDate: day,
        figures: '{}',
        composedAt: new Date(),
      }),
    );
  });

  it('catches up day by day after mornings missed while the server was down', async () => {
    const d1 = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    const d2 = new Date(Date.parse(`${day}T00:00:00Z`) + 2 * DAY).toISOString().slice(0, 10);
    t.clock.set(new Date(composeAt(d2) + 5 * HOUR));
    await runDue();
    const { items } = (await api('/supervision/digests').expect(200)).body;
    assert.deepEqual(
      items.map((i: { date: string }) => i.date),
      [d2, d1, day],
    );
    assert.equal(items[2].openings, 1);
    assert.equal(items[0].openings, 0);
  });

  it('answers supervisors only: 401 without a session, 403 to other roles; 404 for a day without a digest; 400 for a non-date', async () => {
    await scene.relogin();
    supervisor.token = await login(t.app, supervisor.username);
    await api('/supervision/digests', null).expect(401);
    await api(`/supervision/digests/${day}`, null).expect(401);
    for (const user of [scene.tenderee, scene.agency, scene.bids[0]!.bidder.user, scene.admin]) {
      const res = await api('/supervision/digests', user).expect(403);
      assert.equal(typeof res.body.error.code, 'string');
      await api(`/supervision/digests/${day}`, user).expect(403);
    }
    const missing = await api('/supervision/digests/2020-01-01').expect(404);
    assert.equal(missing.body.error.code, 'NOT_FOUND');
    await api('/supervision/digests/2026-02-30').expect(404);
    await api('/supervision/digests/2026-13-45').expect(404);
    const bad = await api('/supervision/digests/yesterday');
    assert.ok(bad.status === 400 || bad.status === 422, `status ${bad.status}`);
    assert.equal(typeof bad.body.error.code, 'string');
  });
});

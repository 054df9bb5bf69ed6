import assert from 'node:assert/strict';
import request from 'supertest';
import { WATCHDOGS_CONSUMER, watchdogJobKind } from '../src/modules/supervision/watchdogs/index.js';
import type { WatchdogKind } from '../src/modules/supervision/watchdogs/index.js';
import { JobRunner } from '../src/platform/jobs/index.js';
import { bearer } from './helpers/api.js';
import { evaluationOf, evaluationScene, type EvaluationScene } from './helpers/evaluation.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderSteps, type TenderSteps } from './helpers/tender-steps.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface Alert {
  id: string;
  indicator: string;
  severity: string;
  sectionId: string | null;
  evidence: { summary: string; seqs: number[]; details: Record<string, unknown> };
}

/** The watchdogs' side of a test platform: plan, run due jobs with a runner, read the alerts. */
function harness(t: TestPlatform, supervisorToken: () => string) {
  let runners = 0;
  const newRunner = () =>
    new JobRunner(t.platform.jobs, t.platform, { holder: `watchdog-test-${++runners}` });
  let runner = newRunner();
  const { Job } = t.platform.jobs.models;
  return {
    planned: () => t.platform.supervision.watchdogs.idle(),
    /** Runs every job due now, tick after tick, until none starts. */
    async runDue(r = runner) {
      await t.platform.supervision.watchdogs.idle();
      for (;;) {
        const { started } = await r.tick();
        await r.drain();
        if (started.length === 0) return;
      }
    },
    /** A runner that stops (giving up the lease) and another process's runner in its place. */
    async restart() {
      await runner.stop();
      runner = newRunner();
      return runner;
    },
    job: (kind: WatchdogKind, key: string) => Job.findOne({ where: { kind: watchdogJobKind(kind), key } }),
    async alerts(tenderId: string, indicator?: string): Promise<Alert[]> {
      const res = await request(t.app)
        .get('/api/v1/supervision/alerts')
        .query({ tenderId })
        .set(bearer(supervisorToken()))
        .expect(200);
      const items = res.body.items as Alert[];
      return indicator ? items.filter((a) => a.indicator === indicator) : items;
    },
    raisedEvents: async (tenderId: string) =>
      (await t.platform.events.read(0, 1000, { tenderId, types: ['supervision.alert-raised'] })).length,
    stop: () => runner.stop(),
  };
}

describe('supervision watchdogs: durable checks at their due time, once per due item', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let w: TenderWorld;
  let steps: TenderSteps;
  let h: ReturnType<typeof harness>;
  let T0: number;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await tenderWorld(t);
    steps = tenderSteps(t, w);
    h = harness(t, () => w.supervisor.token);
    T0 = t.clock.now().getTime();
  });
  after(async () => {
    await h?.stop();
    await t?.close();
  });

  const at = (ms: number) => t.clock.set(new Date(ms));
  const Tender = () => t.platform.db.sequelize.model('Tender');

  describe('notice-missing', () => {
    let kept: string;
    let lost: string;

    it('schedules a check one hour after publication, and finds nothing a second before it is due', async () => {
      kept = (await publishedTender(t, w)).id;
      lost = (await publishedTender(t, w)).id;
      await h.planned();
      const job = await h.job('notice-missing', `tender:${lost}:1`);
      assert.equal(job?.runAt.getTime(), T0 + HOUR);
      // The tender notice lost out of band (a restore from an old backup, an operator's delete).
      await t.platform.db.sequelize.model('Notice').destroy({ where: { tenderId: lost, kind: 'tender' } });
      at(T0 + HOUR - 1000);
      await h.runDue();
      assert.equal((await h.alerts(lost, 'notice-missing')).length, 0);
      assert.equal((await h.job('notice-missing', `tender:${lost}:1`))?.status, 'pending');
    });

    it('at the due time: an alert for the tender without its notice, none for the one with it', async () => {
      at(T0 + HOUR);
      await h.runDue();
      const [alert, ...more] = await h.alerts(lost, 'notice-missing');
      assert.equal(more.length, 0);
      assert.equal(alert?.severity, 'warning');
      assert.match(alert!.evidence.summary, /No tender notice \(招标公告\) was published/);
      assert.match(alert!.evidence.summary, /2026年01月05日 10时00分/, 'the step in Beijing time');
      const [published] = await t.platform.events.read(0, 5, { tenderId: lost, types: ['tender.published'] });
      assert.deepEqual(alert!.evidence.seqs, [published!.seq]);
      assert.equal((await h.alerts(kept, 'notice-missing')).length, 0);
      assert.equal((await h.job('notice-missing', `tender:${kept}:1`))?.status, 'done');
    });
  });

  describe('objection-overdue (SS Art.22: answered within 3 days)', () => {
    let late: string;
    let onTime: string;
    let due: number;

    it('schedules the check just after the answer due time', async () => {
      at(T0 + 2 * HOUR);
      late = (await publishedTender(t, w)).id;
      onTime = (await publishedTender(t, w)).id;
      const lateObjection = await steps.suspend(late);
      const onTimeObjection = await steps.suspend(onTime);
      due = T0 + 2 * HOUR + 3 * DAY;
      await h.planned();
      assert.equal((await h.job('objection-overdue', lateObjection))?.runAt.getTime(), due + 1);
      at(due + 1 - 1000);
      await h.runDue();
      assert.equal((await h.alerts(late, 'objection-overdue')).length, 0);
      // Answered at the last instant allowed: in time.
      at(due);
      await steps.resume(onTime, onTimeObjection);
    });

    it('raises one alert for the objection still unanswered when due, none for the one answered in time', async () => {
      at(due + 1);
      await h.runDue();
      const alerts = await h.alerts(late, 'objection-overdue');
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]!.severity, 'warning');
      assert.match(alerts[0]!.evidence.summary, /was not answered by 2026年01月08日 12时00分/);
      assert.equal(alerts[0]!.evidence.details.party, (await partyName(w.bidder.partyId!)) ?? '');
      assert.equal((await h.alerts(onTime, 'objection-overdue')).length, 0);
    });

    it('is restart-safe: another runner, the job run again, the consumer replayed: nothing raised twice', async () => {
      const before = await h.raisedEvents(late);
      const second = await h.restart();
      await h.runDue(second);
      // The first runner died after its check and before anyone knew: the job runs again.
      const [objectionId] = (await t.platform.tenders.enquiries.objections(systemSupervisor, late)).map(
        (o) => o.id,
      );
      const job = await h.job('objection-overdue', objectionId!);
      await job!.update({ status: 'pending' });
      await t.platform.events.models.EventCursor.update(
        { lastSeq: 0 },
        { where: { consumer: WATCHDOGS_CONSUMER } },
      );
      await h.runDue(second);
      assert.equal((await h.job('objection-overdue', objectionId!))?.status, 'done');
      assert.equal((await h.alerts(late, 'objection-overdue')).length, 1);
      assert.equal(await h.raisedEvents(late), before);
    });
  });

  describe('late-clarification (ZB Art.23, SS Art.21: 15 days before the deadline)', () => {
    let T1: number;
    let moved: string;
    let boundary: string;
    let short: string;

    it('tells supervisors at once of a deadline a late clarification moved', async () => {
      T1 = T0 + 4 * DAY;
      at(T1);
      moved = (await publishedTender(t, w)).id;
      boundary = (await publishedTender(t, w)).id;
      short = (await publishedTender(t, w)).id;
      at(T1 + DAY);
      await steps.clarify(boundary);
      await steps.clarify(short);
      await h.runDue();
      assert.equal((await h.alerts(boundary, 'late-clarification')).length, 0, '24 days before: in time');
      at(T1 + 11 * DAY); // 14 days before the deadline
      const outcome = await steps.clarify(moved);
      assert.equal(outcome.deadlineMoved, true);
      await h.runDue();
      const [alert, ...more] = await h.alerts(moved, 'late-clarification');
      assert.equal(more.length, 0);
      assert.equal(alert?.severity, 'info');
      assert.match(alert!.evidence.summary, /came 14 days before the bid deadline .* and moved it to/);
    });

    it('at the deadline: a clarification that reached bidders under 15 days before it is critical; exactly 15 is not', async () => {
      // Deadlines changed out of band after the clarifications (what the watchdog is there to see).
      await Tender().update({ bidDeadline: new Date(T1 + DAY + 15 * DAY) }, { where: { id: boundary } });
      await Tender().update({ bidDeadline: new Date(T1 + DAY + 15 * DAY - 1000) }, { where: { id: short } });
      // The check planned at the clarification is due at the deadline it saw then.
      const job = await h.job('late-clarification', `${short}:${T1 + 25 * DAY}`);
      assert.equal(job?.status, 'pending');
      at(T1 + 25 * DAY - 1000);
      await h.runDue();
      assert.equal((await h.alerts(short, 'late-clarification')).length, 0);
      at(T1 + 25 * DAY);
      await h.runDue();
      const [alert, ...more] = await h.alerts(short, 'late-clarification');
      assert.equal(more.length, 0);
      assert.equal(alert?.severity, 'critical');
      assert.match(alert!.evidence.summary, /Clarification 1 .* 14\.9 days before the bid deadline/);
      assert.equal((await h.alerts(boundary, 'late-clarification')).length, 0);
      // The moved deadline's own checks find the tender in order.
      assert.deepEqual(
        (await h.alerts(moved, 'late-clarification')).map((a) => a.severity),
        ['info'],
      );
    });
  });

  const systemSupervisor = {
    userId: 'test-supervisor',
    username: 'test-supervisor',
    displayName: 'Test supervisor',
    role: 'supervisor' as const,
    partyId: null,
    sessionId: 'test',
    sessionExpiresAt: new Date(8.64e15),
  };
  const partyName = async (id: string) => (await t.platform.parties.find(id))?.name;
});

describe('supervision watchdogs: evaluation past its time, opening records missing', function () {
  this.timeout(240_000);
  let t: TestPlatform;
  let scene: EvaluationScene;
  let h: ReturnType<typeof harness>;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    scene = await evaluationScene(t, { bidders: 3 });
    h = harness(t, () => scene.supervisor.token);
  });
  after(async () => {
    await h?.stop();
    await t?.close();
  });

  it('evaluation-overdue: nothing a second before the planned end, one alert when it passes unconcluded', async () => {
    const evaluation = await evaluationOf(t, scene.tender.id, scene.section.id);
    await h.planned();
    const end = evaluation.scheduledEndAt.getTime();
    const job = await h.job('evaluation-overdue', `${evaluation.id}:${end}`);
    assert.equal(job?.runAt.getTime(), end + 1);
    t.clock.set(new Date(end + 1 - 1000));
    await h.runDue();
    assert.equal((await h.alerts(scene.tender.id, 'evaluation-overdue')).length, 0);
    t.clock.set(new Date(end + 1));
    await scene.relogin();
    await h.runDue();
    const [alert, ...more] = await h.alerts(scene.tender.id, 'evaluation-overdue');
    assert.equal(more.length, 0);
    assert.equal(alert?.severity, 'warning');
    assert.equal(alert?.sectionId, scene.section.id);
    assert.match(
      alert!.evidence.summary,
      new RegExp(`The evaluation of ${scene.section.name} was planned to end by`),
    );
  });

  it('evaluation-overdue: a concluded evaluation is not overdue', async () => {
    const evaluation = await evaluationOf(t, scene.tender.id, scene.section.id);
    const end = evaluation.scheduledEndAt.getTime() + DAY;
    // The committee concluded (the step set directly: the whole scoring is other tests' subject); a check
    // due later finds it concluded.
    await t.platform.db.sequelize
      .model('Evaluation')
      .update({ step: 'concluded', scheduledEndAt: new Date(end) }, { where: { id: evaluation.id } });
    await t.platform.db.transaction((tx) =>
      t.platform.jobs.schedule(tx, {
        kind: watchdogJobKind('evaluation-overdue'),
        key: `${evaluation.id}:${end}`,
        runAt: new Date(end + 1),
        payload: {
          tenderId: scene.tender.id,
          sectionId: scene.section.id,
          evaluationId: evaluation.id,
          seq: 1,
        },
      }),
    );
    t.clock.set(new Date(end + 1));
    await scene.relogin();
    await h.runDue();
    assert.equal((await h.job('evaluation-overdue', `${evaluation.id}:${end}`))?.status, 'done');
    assert.equal((await h.alerts(scene.tender.id, 'evaluation-overdue')).length, 1, 'only the first one');
  });

  it('notice-missing: the opening record is there, so the opening check finds nothing', async () => {
    const job = await h.job('notice-missing', `opening:${scene.tender.id}:0`);
    assert.equal(job?.status, 'done');
    assert.equal((await h.alerts(scene.tender.id, 'notice-missing')).length, 0);
  });

  it('notice-missing: an opening record removed before the check is found missing, per section', async () => {
    const job = await h.job('notice-missing', `opening:${scene.tender.id}:0`);
    await t.platform.db.sequelize
      .model('Notice')
      .destroy({ where: { tenderId: scene.tender.id, kind: 'opening-record' } });
    await job!.update({ status: 'pending' });
    await h.runDue();
    const [alert, ...more] = await h.alerts(scene.tender.id, 'notice-missing');
    assert.equal(more.length, 0);
    assert.equal(alert?.sectionId, scene.section.id);
    assert.match(alert!.evidence.summary, /No opening record \(开标记录, EB Art\.32\)/);
  });
});

/**
 * The post-bid watchdogs on the contract module's own clocks: it says when the 30 days after the award notice
 * (day 31) or the 5 days for the deposits have passed; the watchdog looks again when it runs and raises what
 * is still missing.
 */
describe('supervision watchdogs after the award: contract overdue, deposits not returned', function () {
  this.timeout(120_000);
  const SYSTEM = { actor: null, ip: 'system', requestId: 'watchdog-test' };
  let t: TestPlatform;
  let w: TenderWorld;
  let h: ReturnType<typeof harness>;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await tenderWorld(t);
    h = harness(t, () => w.supervisor.token);
  });
  after(async () => {
    await h?.stop();
    await t?.close();
  });

  async function emitAll(list: { type: string; data: unknown }[]) {
    await t.platform.db.transaction(async (tx) => {
      for (const e of list) await t.platform.events.emit(tx, SYSTEM, e.type as never, e.data as never);
    });
    await h.planned();
  }

  it('contract-overdue: day 25 raises nothing; day 31 one alert; a contract signed before the check, none', async () => {
    const late = await publishedTender(t, w);
    const signed = await publishedTender(t, w);
    // Its first winner refused; the next candidate's award (SS Art.55) has its own 30 days, which pass.
    const reawarded = await publishedTender(t, w);
    const at = t.clock.now().toISOString();
    const overdue = (tender: typeof late, day: 25 | 31) => ({
      type: 'contract.overdue',
      data: {
        tenderId: tender.id,
        sectionId: tender.sections[0]!.id,
        awardId: `award-${tender.id}`,
        day,
        at,
      },
    });
    await emitAll([
      {
        type: 'contract.refused',
        data: {
          tenderId: reawarded.id,
          sectionId: reawarded.sections[0]!.id,
          awardId: `refused-${reawarded.id}`,
          supplierPartyId: w.bidder.partyId!,
          reason: '中标人书面放弃中标',
          at,
        },
      },
    ]);
    await emitAll([overdue(late, 25), overdue(late, 31), overdue(signed, 31), overdue(reawarded, 31)]);
    await emitAll([
      {
        type: 'contract.signed',
        data: {
          tenderId: signed.id,
          sectionId: signed.sections[0]!.id,
          contractId: 'c1',
          awardId: `award-${signed.id}`,
          supplierPartyId: w.bidder.partyId!,
          priceFen: 1,
          signedAt: at,
          late: true,
        },
      },
    ]);
    await h.runDue();
    const [alert, ...more] = await h.alerts(late.id, 'contract-overdue');
    assert.equal(more.length, 0, 'one alert, from day 31 only');
    assert.equal(alert?.sectionId, late.sections[0]!.id);
    assert.match(alert!.evidence.summary, /30 days after the award notice/);
    assert.equal((await h.alerts(signed.id, 'contract-overdue')).length, 0);
    assert.equal((await h.alerts(reawarded.id, 'contract-overdue')).length, 1, "the earlier award's refusal");
  });

  it('deposit-unreturned: names the bidders whose return is still not recorded when it runs', async () => {
    const tender = await publishedTender(t, w);
    const sectionId = tender.sections[0]!.id;
    const at = t.clock.now().toISOString();
    const [paid, owed] = [w.bidder.partyId!, w.agency.partyId!];
    await emitAll([
      {
        type: 'deposit.return-overdue',
        data: { tenderId: tender.id, sectionId, contractId: 'c2', bidderPartyIds: [paid, owed], at },
      },
      {
        type: 'contract.deposit-returned',
        data: {
          tenderId: tender.id,
          sectionId,
          contractId: 'c2',
          bidderPartyId: paid,
          amountFen: 1,
          returnedAt: at,
          late: true,
        },
      },
    ]);
    await h.runDue();
    const [alert, ...more] = await h.alerts(tender.id, 'deposit-unreturned');
    assert.equal(more.length, 0);
    const bidders = alert!.evidence.details.bidders as { partyId: string }[];
    assert.deepEqual(
      bidders.map((b) => b.partyId),
      [owed],
    );
  });
});

import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createPartyUser, createStaff, login, type TestUser } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';

/*
 * Complaints (SS Art.60-61) on the 2026 calendar: National Day 1-7 October off, Sunday 20 September and
 * Saturday 10 October worked (调休). Beijing end of day = 15:59:59.999Z.
 */
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('complaints: filing, working-day clocks, the stopped clock, decision and publication', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let w: TenderWorld;
  let bidder2: TestUser;
  let bidder3: TestUser;
  let expert: TestUser;
  let tenderId: string;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    t.clock.set('2026-09-10T02:00:00Z');
    w = await tenderWorld(t);
    bidder2 = await createPartyUser(t, w.admin, 'bidder');
    bidder3 = await createPartyUser(t, w.admin, 'bidder');
    expert = await createStaff(t, 'expert', 'expert-complaints');
    tenderId = ((await publishedTender(t, w)) as { id: string }).id;
  });
  after(() => t.close());

  /** Moves the clock; sessions last 30 days, so everyone logs in again. */
  async function at(iso: string) {
    t.clock.set(iso);
    for (const u of [w.admin, w.supervisor, w.tenderee, w.agency, w.bidder, bidder2, bidder3, expert])
      u.token = await login(t.app, u.username);
  }

  const api = (method: 'get' | 'post', path: string, user?: TestUser) => {
    const r = request(t.app)[method](`/api/v1${path}`);
    return user ? r.set(bearer(user.token)) : r;
  };

  async function evidence(user: TestUser, name = '证据.pdf'): Promise<string> {
    const res = await api('post', `/complaints/evidence?name=${encodeURIComponent(name)}`, user)
      .set('Content-Type', 'application/pdf')
      .send(PDF)
      .expect(201);
    return res.body.id as string;
  }

  async function file(user: TestUser, knewOn: string, expect = 201) {
    return api('post', '/complaints', user)
      .send({
        tenderId,
        facts: '评标委员会未按招标文件规定的评分标准评审。',
        request: '请求责令重新评审。',
        knewOn,
        evidenceIds: [await evidence(user)],
      })
      .expect(expect);
  }

  const get = async (id: string, user: TestUser = w.supervisor) =>
    (await api('get', `/complaints/${id}`, user).expect(200)).body;

  describe('evidence files', () => {
    it('takes a PDF and refuses other types, disguised files and empty ones', async () => {
      await at('2026-09-30T02:00:00Z');
      await evidence(w.bidder);
      const html = await api('post', '/complaints/evidence?name=a.pdf', w.bidder)
        .set('Content-Type', 'application/pdf')
        .send(Buffer.from('<html><script>alert(1)</script></html>'))
        .expect(415);
      assert.equal(html.body.error.code, 'EVIDENCE_TYPE_UNSUPPORTED');
      const exe = await api('post', '/complaints/evidence?name=a.exe', w.bidder)
        .set('Content-Type', 'application/x-msdownload')
        .send(Buffer.from('MZ'))
        .expect(415);
      assert.equal(exe.body.error.code, 'EVIDENCE_TYPE_UNSUPPORTED');
      const empty = await api('post', '/complaints/evidence?name=a.pdf', w.bidder)
        .set('Content-Type', 'application/pdf')
        .send(Buffer.alloc(0));
      assert.equal(empty.status, 422);
      await api('post', '/complaints/evidence?name=a.pdf', w.tenderee)
        .set('Content-Type', 'application/pdf')
        .send(PDF)
        .expect(403);
    });
  });

  let main: string;

  it('files within 10 days of knowing (day 10 on National Day moves to 8 October); accept due in 3 working days', async () => {
    await at('2026-09-30T02:00:00Z');
    // Knew on Monday 21 September: day 10 is 1 October, a holiday, so the period runs to 8 October.
    const res = await file(w.bidder, '2026-09-21');
    main = res.body.id;
    assert.equal(res.body.status, 'filed');
    assert.equal(res.body.tender.id, tenderId);
    assert.equal(res.body.evidence.length, 1);
    // Wednesday 30 September: 8, 9 and Saturday 10 October (调休) are the three working days.
    assert.equal(res.body.acceptance.dueAt, '2026-10-10T15:59:59.999Z');
    assert.equal(res.body.acceptance.overdue, false);
    assert.equal(res.body.acceptance.workingDaysLeft, 3);
    assert.equal(res.body.decisionClock, null);
    // Evidence is used once.
    const reuse = await api('post', '/complaints', w.bidder).send({
      tenderId,
      facts: 'x',
      request: 'y',
      knewOn: '2026-09-21',
      evidenceIds: res.body.evidence.map((e: { id: string }) => e.id),
    });
    assert.equal(reuse.status, 422);
    assert.equal(reuse.body.error.code, 'EVIDENCE_INVALID');
  });

  it('lets the complainant, the tenderee and supervisors read it; others are told nothing', async () => {
    for (const u of [w.bidder, w.tenderee, w.supervisor]) await get(main, u);
    // Another bidder, and an agency this tender did not appoint.
    await api('get', `/complaints/${main}`, bidder2).expect(404);
    await api('get', `/complaints/${main}`, w.agency).expect(404);
    await api('get', `/complaints/${main}`, expert).expect(403);
    await api('get', `/complaints/${main}`).expect(401);
    await api('get', '/complaints', expert).expect(403);
    await api('get', '/complaints', w.admin).expect(403);
    await api('get', '/complaints').expect(401);
    const mine = (await api('get', '/complaints', bidder2).expect(200)).body.items;
    assert.deepEqual(mine, []);
    const theirs = (await api('get', '/complaints', w.tenderee).expect(200)).body.items;
    assert.deepEqual(
      theirs.map((c: { id: string }) => c.id),
      [main],
    );
    // The evidence file, read back whole by the tenderee (who must answer it).
    const { evidence } = await get(main);
    const file = await api('get', `/complaints/${main}/evidence/${evidence[0].id}`, w.tenderee)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    assert.deepEqual(file.body, PDF);
    assert.match(String(file.headers['content-disposition']), /^attachment/);
    await api('get', `/complaints/${main}/evidence/${evidence[0].id}`, bidder2).expect(404);
  });

  it('refuses a wrong role at each step, changing nothing', async () => {
    const review = { decision: 'accept', reason: '符合受理条件' };
    await api('post', `/complaints/${main}/review`, w.tenderee).send(review).expect(403);
    await api('post', `/complaints/${main}/review`, w.bidder).send(review).expect(403);
    await api('post', `/complaints/${main}/decision`, w.bidder)
      .send({ conclusion: 'upheld', text: '成立' })
      .expect(403);
    await api('post', '/complaints', w.tenderee)
      .send({ tenderId, facts: 'x', request: 'y', knewOn: '2026-09-21', evidenceIds: [] })
      .expect(403);
    // A decision before acceptance is out of order.
    const early = await api('post', `/complaints/${main}/decision`, w.supervisor)
      .send({ conclusion: 'upheld', text: '成立' })
      .expect(409);
    assert.equal(early.body.error.code, 'COMPLAINT_WRONG_STATUS');
    const bad = await api('post', `/complaints/${main}/review`, w.supervisor).send({ decision: 'maybe' });
    assert.equal(bad.status, 422);
    assert.equal((await get(main)).status, 'filed');
  });

  let late: string;

  it('is accepted on time; another, not reviewed by 13 October, shows overdue and is not accepted', async () => {
    await at('2026-10-09T02:00:00Z');
    const accepted = await api('post', `/complaints/${main}/review`, w.supervisor)
      .send({ decision: 'accept', reason: '符合受理条件' })
      .expect(200);
    assert.equal(accepted.body.status, 'accepted');
    assert.equal(accepted.body.acceptance.overdue, false);
    // Accepted Friday 9 October: 30 working days, the first being Saturday 10 October (调休), end on 19 November.
    assert.equal(accepted.body.decisionClock.dueAt, '2026-11-19T15:59:59.999Z');
    assert.equal(accepted.body.decisionClock.workingDaysLeft, 30);

    // Filed Friday 9 October: Saturday 10 (调休), Monday 12, Tuesday 13.
    late = (await file(bidder2, '2026-10-01')).body.id;
    assert.equal((await get(late)).acceptance.dueAt, '2026-10-13T15:59:59.999Z');
    await at('2026-10-13T15:59:59.999Z');
    const lastDay = (await get(late)).acceptance;
    assert.equal(lastDay.overdue, false);
    assert.equal(lastDay.workingDaysLeft, 0);
    await at('2026-10-13T16:00:00.000Z');
    assert.equal((await get(late)).acceptance.overdue, true);
    const rejected = await api('post', `/complaints/${late}/review`, w.supervisor)
      .send({ decision: 'reject', reason: '投诉事项已超出异议范围' })
      .expect(200);
    assert.equal(rejected.body.status, 'not-accepted');
    assert.equal(rejected.body.acceptance.reason, '投诉事项已超出异议范围');
    assert.equal(rejected.body.acceptance.overdue, true);
    assert.equal(rejected.body.decisionClock, null);
    const again = await api('post', `/complaints/${late}/review`, w.supervisor)
      .send({ decision: 'accept', reason: '再议' })
      .expect(409);
    assert.equal(again.body.error.code, 'COMPLAINT_WRONG_STATUS');
  });

  it('is answered once by the tenderee', async () => {
    await api('post', `/complaints/${main}/answer`, bidder2).send({ answer: 'x' }).expect(403);
    const res = await api('post', `/complaints/${main}/answer`, w.tenderee)
      .send({ answer: '评审符合招标文件规定。' })
      .expect(200);
    assert.equal(res.body.answer.text, '评审符合招标文件规定。');
    await api('post', `/complaints/${main}/answer`, w.agency).send({ answer: 'y' }).expect(404);
    const twice = await api('post', `/complaints/${main}/answer`, w.tenderee)
      .send({ answer: 'y' })
      .expect(409);
    assert.equal(twice.body.error.code, 'COMPLAINT_ALREADY_ANSWERED');
  });

  it('stops the decision clock for an expert review and moves the due date by the working days it stood', async () => {
    await at('2026-10-14T02:00:00Z');
    const stopped = await api('post', `/complaints/${main}/clock-stops`, w.supervisor)
      .send({ kind: 'expert-review', reason: '组织专家对评分进行复核' })
      .expect(200);
    assert.equal(stopped.body.decisionClock.stopped, true);
    assert.equal(stopped.body.decisionClock.dueAt, null);
    // Used: Saturday 10, 12, 13, 14 October.
    assert.equal(stopped.body.decisionClock.workingDaysUsed, 4);
    const twice = await api('post', `/complaints/${main}/clock-stops`, w.supervisor)
      .send({ kind: 'inspection', reason: 'x' })
      .expect(409);
    assert.equal(twice.body.error.code, 'CLOCK_ALREADY_STOPPED');

    await at('2026-10-15T02:00:00Z');
    const blocked = await api('post', `/complaints/${main}/decision`, w.supervisor)
      .send({ conclusion: 'upheld', text: '成立' })
      .expect(409);
    assert.equal(blocked.body.error.code, 'CLOCK_STOPPED');
    assert.equal((await get(main)).decisionClock.workingDaysUsed, 4);

    await at('2026-10-16T02:00:00Z');
    const resumed = await api('post', `/complaints/${main}/clock-resumption`, w.supervisor).expect(200);
    // Thursday 15 and Friday 16 stood still: 19 November + 2 working days = Monday 23 November.
    assert.equal(resumed.body.decisionClock.dueAt, '2026-11-23T15:59:59.999Z');
    assert.equal(resumed.body.decisionClock.stopped, false);
    assert.equal(resumed.body.clockStops.length, 1);
    assert.ok(resumed.body.clockStops[0].endedAt);
    const notStopped = await api('post', `/complaints/${main}/clock-resumption`, w.supervisor).expect(409);
    assert.equal(notStopped.body.error.code, 'CLOCK_NOT_STOPPED');
  });

  it('lets the complainant withdraw before the decision, and no one else', async () => {
    const id = (await file(bidder3, '2026-10-10')).body.id;
    await api('post', `/complaints/${id}/review`, w.supervisor)
      .send({ decision: 'accept', reason: '受理' })
      .expect(200);
    await api('post', `/complaints/${id}/clock-stops`, w.supervisor)
      .send({ kind: 'inspection', reason: '现场检查' })
      .expect(200);
    await api('post', `/complaints/${id}/withdrawal`, w.bidder).send({ reason: 'x' }).expect(404);
    await api('post', `/complaints/${id}/withdrawal`, w.supervisor).send({ reason: 'x' }).expect(403);
    const res = await api('post', `/complaints/${id}/withdrawal`, bidder3)
      .send({ reason: '已与招标人协商解决' })
      .expect(200);
    assert.equal(res.body.status, 'withdrawn');
    assert.equal(res.body.decisionClock, null);
    assert.ok(res.body.clockStops[0].endedAt, 'the stopped clock ends with the complaint');
    await api('post', `/complaints/${id}/withdrawal`, bidder3).send({ reason: 'x' }).expect(409);
    await api('post', `/complaints/${id}/decision`, w.supervisor)
      .send({ conclusion: 'dismissed', text: 'x' })
      .expect(409);
  });

  it('refuses a filing after the 10th day, to the millisecond, and a knew-on date in the future', async () => {
    const before = await t.platform.supervision.complaints.models.Complaint.count();
    // Knew on Monday 2 November: day 10 is Thursday 12 November, a working day.
    await at('2026-11-12T16:00:00.000Z');
    const tooLate = await file(w.bidder, '2026-11-02', 422);
    assert.equal(tooLate.body.error.code, 'COMPLAINT_TOO_LATE');
    assert.equal(tooLate.body.error.details.deadline, '2026-11-12T15:59:59.999Z');
    const future = await file(w.bidder, '2026-11-14', 422);
    assert.equal(future.body.error.code, 'KNEW_ON_IN_FUTURE');
    assert.equal(await t.platform.supervision.complaints.models.Complaint.count(), before);
    await at('2026-11-12T15:59:59.999Z');
    await file(w.bidder, '2026-11-02', 201);
  });

  it('decides on the last working day, publishes the decision, and tells the stream and the audit chain', async () => {
    await at('2026-11-23T15:59:59.999Z');
    const decided = await api('post', `/complaints/${main}/decision`, w.supervisor)
      .send({ conclusion: 'partly-upheld', text: '投诉部分成立，责令重新评审。' })
      .expect(200);
    assert.equal(decided.body.status, 'decided');
    assert.equal(decided.body.decisionClock.overdue, false);
    assert.equal(decided.body.decisionClock.workingDaysUsed, 30);

    const published = (await api('get', '/complaints/decisions').expect(200)).body.items;
    assert.deepEqual(
      published.map((d: { id: string; conclusion: string }) => [d.id, d.conclusion]),
      [[main, 'partly-upheld']],
    );
    assert.equal(published[0].tender.id, tenderId);
    assert.equal(published[0].facts, undefined, 'the facts and evidence stay with the parties');

    const events = await t.platform.events.read(0, 1000, { tenderId });
    const ofMain = events
      .filter(
        (e) => e.type.startsWith('complaint.') && (e.data as { complaintId: string }).complaintId === main,
      )
      .map((e) => e.type);
    assert.deepEqual(ofMain, [
      'complaint.filed',
      'complaint.accepted',
      'complaint.answered',
      'complaint.clock-stopped',
      'complaint.clock-resumed',
      'complaint.decided',
    ]);
    const audited = await t.platform.models.AuditEntry.findAll({ where: { subject: `complaint:${main}` } });
    assert.deepEqual(
      audited.map((e) => e.action),
      [
        'complaint.file',
        'complaint.accept',
        'complaint.answer',
        'complaint.clock-stop',
        'complaint.clock-resume',
        'complaint.decide',
      ],
    );
  });

  it('shows a decision made a millisecond after the due date as overdue, and a due date beyond the holiday data as estimated', async () => {
    await at('2026-11-24T02:00:00Z');
    const id = (await file(bidder2, '2026-11-20')).body.id;
    await api('post', `/complaints/${id}/review`, w.supervisor)
      .send({ decision: 'accept', reason: '受理' })
      .expect(200);
    const clock = (await get(id)).decisionClock;
    // 30 working days from 24 November run into 2027, which chinese-days does not carry yet: 1 January 2027
    // (a Friday) is counted as a working day, and the due date says it is an estimate.
    assert.equal(clock.dueAt, '2027-01-05T15:59:59.999Z');
    assert.equal(clock.estimated, true);
    const due = clock.dueAt as string;
    await at(new Date(Date.parse(due) + 1).toISOString());
    const res = await api('post', `/complaints/${id}/decision`, w.supervisor)
      .send({ conclusion: 'dismissed', text: '投诉缺乏事实依据，驳回。' })
      .expect(200);
    assert.equal(res.body.decisionClock.overdue, true);
  });
});

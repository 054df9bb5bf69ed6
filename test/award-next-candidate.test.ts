import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { contractDeadline, startOfDay } from '../src/modules/contract/rules/limits.js';
import { CONTRACT_DEADLINE_JOB } from '../src/modules/contract/service.js';
import { bearer, createPartyUser, login, type TestUser } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const HOLD_REASON = '接到投诉，监督部门依法暂停，待核查';

/**
 * The next candidate after the winner refuses to sign (SS Art.55, 74; docs/domain.md §8), through the API on
 * the real database: a section's completed report with three candidates and its ended publicity are stored as
 * the award module takes them in; the first candidate is awarded on the real route, refuses, the second is
 * awarded and signs the contract at its own price, its 30 days counted from the new award notice. Each refusal
 * is a clear 4xx that changes nothing.
 */
describe('award: the next candidate after the winner refuses (SS Art.55)', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let w: TenderWorld;
  let bidders: TestUser[];

  const api = () => request(t.app);
  const as = (r: request.Test, user: TestUser) => r.set(bearer(user.token));
  const path = (x: Scene, step: string) => `/api/v1/tenders/${x.tenderId}/sections/${x.sectionId}/${step}`;
  const post = (user: TestUser, x: Scene, step: string, body: object = {}) =>
    as(api().post(path(x, step)), user).send(body);
  const refused = (res: request.Response, code: number, error: string) => {
    assert.equal(res.status, code, JSON.stringify(res.body));
    assert.equal(res.body.error.code, error, JSON.stringify(res.body));
  };
  const status = async (tenderId: string) => (await t.platform.tenders.find(tenderId))!.status;
  const awards = (x: Scene) =>
    t.platform.models.Award.findAll({ where: { sectionId: x.sectionId }, order: [['createdAt', 'ASC']] });

  interface Scene {
    tenderId: string;
    sectionId: string;
  }

  before(async () => {
    t = await createTestPlatform();
    w = await tenderWorld(t);
    bidders = [
      w.bidder,
      await createPartyUser(t, w.admin, 'bidder'),
      await createPartyUser(t, w.admin, 'bidder'),
    ];
  });
  after(() => t?.close());

  /** Sessions lapse when the clock moves on by days: everyone logs in again. */
  async function relogin() {
    for (const u of [w.tenderee, w.agency, w.supervisor, ...bidders])
      u.token = await login(t.app, u.username);
  }

  /** A published tender in publicity: a completed report naming `count` candidates, its publicity ended. */
  async function inPublicity(count: number): Promise<Scene> {
    await relogin();
    const view = await publishedTender(t, w, { agencyPartyId: w.agency.partyId! });
    const tenderId = view.tender?.id ?? view.id;
    const sectionId = (view.tender?.sections ?? view.sections)[0].id as string;
    await t.platform.models.Tender.update({ status: 'publicity' }, { where: { id: tenderId } });
    const now = t.clock.now().getTime();
    const reportId = randomUUID();
    const candidates = [];
    for (let i = 0; i < count; i++) {
      const party = (await t.platform.parties.find(bidders[i]!.partyId!))!;
      candidates.push({
        rank: i + 1,
        bidId: randomUUID(),
        bidderPartyId: party.id,
        bidderName: party.name,
        priceFen: 880_000_00 + i * 10_000_00,
        score: 9000 - i * 100,
        technicalScore: null,
        priceScore: null,
      });
    }
    await t.platform.models.AwardReport.create({
      id: reportId,
      tenderId,
      sectionId,
      evaluationId: randomUUID(),
      digest: '0'.repeat(64),
      completedAt: new Date(now - 6 * DAY),
      candidates: JSON.stringify(candidates),
      supersededAt: null,
    });
    await t.platform.models.AwardPublicity.create({
      id: randomUUID(),
      tenderId,
      sectionId,
      reportId,
      startsAt: new Date(now - 5 * DAY),
      endsAt: new Date(now - HOUR),
      publishedAt: new Date(now - 5 * DAY),
      publishedBy: w.agency.userId,
      noticeId: null,
    });
    return { tenderId, sectionId };
  }

  /** In publicity, the first candidate awarded on the real route, then its refusal recorded. */
  async function refusedScene(count: number): Promise<Scene> {
    const x = await inPublicity(count);
    const res = await post(w.agency, x, 'award', { candidateRank: 1, passedOver: [] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const refusal = await post(w.agency, x, 'contract-refusal', {
      reason: '中标人书面声明放弃中标，拒绝签订合同',
    });
    assert.equal(refusal.status, 201, JSON.stringify(refusal.body));
    return x;
  }

  it('awards the second candidate at its price, supersedes the refused award, and the contract is signed with it', async () => {
    const x = await refusedScene(3);
    const [first] = await awards(x);
    t.clock.advance(2 * DAY);
    await relogin();
    const res = await post(w.tenderee, x, 'award-next');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const second = (await t.platform.parties.find(bidders[1]!.partyId!))!;
    assert.equal(res.body.bidderName, second.name);
    assert.equal(res.body.candidateRank, 2);
    assert.equal(res.body.priceFen, 890_000_00);
    assert.deepEqual(
      res.body.passedOver.map((p: { rank: number; ground: string; reason: string }) => [
        p.rank,
        p.ground,
        p.reason,
      ]),
      [[1, '放弃中标', '中标人书面声明放弃中标，拒绝签订合同']],
    );
    assert.equal(await status(x.tenderId), 'awarded');

    // The refused award stays, superseded; the section's award is the new one.
    const rows = await awards(x);
    assert.equal(rows.length, 2);
    assert.ok(rows.find((r) => r.id === first!.id)!.supersededAt, 'the refused award is superseded');
    const overview = await api().get(`/api/v1/tenders/${x.tenderId}/award`).expect(200);
    assert.equal(overview.body.sections[0].award.id, res.body.id);

    // Letters: the new winner's 中标通知书 is current, the refused winner's is marked superseded.
    const letters = await as(api().get(`/api/v1/tenders/${x.tenderId}/award-letters`), w.agency).expect(200);
    const award = (
      letters.body.items as { kind: string; addresseeName: string; superseded: boolean }[]
    ).filter((l) => l.kind === 'award');
    const firstParty = (await t.platform.parties.find(bidders[0]!.partyId!))!;
    assert.deepEqual(
      award.map((l) => [l.addresseeName, l.superseded]),
      [
        [firstParty.name, true],
        [second.name, false],
      ],
    );

    // A new 中标结果公告 names the new winner.
    const notices = await api().get('/api/v1/notices?kind=award&limit=100').expect(200);
    const mine = (notices.body.items as { id: string; tenderId: string }[]).filter(
      (n) => n.tenderId === x.tenderId,
    );
    assert.equal(mine.length, 2);

    // The contract's 30 days run from the new award notice; its deadline jobs follow the new award.
    const contracts = await api().get(`/api/v1/tenders/${x.tenderId}/contracts`).expect(200);
    const c = contracts.body.sections[0];
    assert.equal(c.award.supplierName, second.name);
    assert.equal(c.award.noticeAt, res.body.confirmedAt);
    assert.equal(c.award.deadlineAt, contractDeadline(new Date(res.body.confirmedAt)).toISOString());
    assert.equal(c.refusal, null, 'the refusal belongs to the superseded award');
    const jobs = await t.platform.models.Job.findAll({ where: { kind: CONTRACT_DEADLINE_JOB } });
    const mineJobs = jobs.filter((j) => String(j.key).startsWith(res.body.id));
    assert.deepEqual(
      mineJobs.map((j) => j.runAt.getTime()).sort(),
      [25, 31].map((d) => startOfDay(new Date(res.body.confirmedAt), d).getTime()),
    );

    // Signed with the second candidate at its own price.
    const now = t.clock.now().getTime();
    const signed = await post(w.agency, x, 'contract', {
      supplierPartyId: second.id,
      priceFen: 890_000_00,
      subject: '五象新区道路改造工程施工',
      quality: '合格，符合国家现行施工验收规范',
      paymentMethod: '按进度支付，验收合格后付至97%',
      startsOn: new Date(now + 8 * HOUR + DAY).toISOString().slice(0, 10),
      dueAt: new Date(now + 120 * DAY).toISOString(),
    });
    assert.equal(signed.status, 201, JSON.stringify(signed.body));
    assert.equal(await status(x.tenderId), 'contracted');

    // One credit record of the refusal, on the first winner only. (Only this consumer is drained: the
    // stored report's bids were never opened, which the open data's consumer would refuse.)
    await t.platform.events.consumers.drain('credit-records');
    const records = await t.platform.models.CreditRecord.findAll({
      where: { kind: 'contract-refused', tenderId: x.tenderId },
    });
    assert.deepEqual(
      records.map((r) => r.subjectId),
      [firstParty.id],
    );
  });

  it('is refused without a recorded refusal, for a wrong role, under a hold, and with no candidate left', async () => {
    const x = await inPublicity(2);
    const res = await post(w.agency, x, 'award', { candidateRank: 1, passedOver: [] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    refused(await post(w.agency, x, 'award-next'), 409, 'REFUSAL_NOT_RECORDED');
    assert.equal((await awards(x)).length, 1);

    await post(w.agency, x, 'contract-refusal', { reason: '中标人书面声明放弃中标' }).expect(201);
    refused(await post(bidders[1]!, x, 'award-next'), 403, 'FORBIDDEN');
    refused(await post(w.supervisor, x, 'award-next'), 403, 'FORBIDDEN');

    const hold = await as(
      api().post(`/api/v1/supervision/tenders/${x.tenderId}/suspension`),
      w.supervisor,
    ).send({
      reason: HOLD_REASON,
    });
    assert.equal(hold.status, 200, JSON.stringify(hold.body));
    refused(await post(w.agency, x, 'award-next'), 409, 'TENDER_SUSPENDED');
    assert.equal((await awards(x)).length, 1);
    await as(api().post(`/api/v1/supervision/tenders/${x.tenderId}/resumption`), w.supervisor)
      .send({ reason: '经核查，投诉不成立，恢复招标' })
      .expect(200);

    const next = await post(w.agency, x, 'award-next');
    assert.equal(next.status, 201, JSON.stringify(next.body));
    await post(w.agency, x, 'contract-refusal', { reason: '第二中标候选人亦放弃中标' }).expect(201);
    const none = await post(w.agency, x, 'award-next');
    refused(none, 409, 'NO_CANDIDATE_LEFT');
    assert.match(none.body.error.message, /tender again/);
    assert.equal((await awards(x)).length, 2);
  });
});

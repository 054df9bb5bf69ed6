import assert from 'node:assert/strict';
import request from 'supertest';
import { verifyPss } from '../crypto/index.js';
import { pdfText } from '../src/platform/pdf/index.js';
import { fenToYuanGrouped } from '../src/platform/money.js';
import type { EventName } from '../src/platform/events.js';
import { bearer, createPartyUser, login, type TestUser } from './helpers/api.js';
import { evaluationScene, type EvaluationScene } from './helpers/evaluation.js';
import { Committee } from './helpers/evaluation-room.js';
import { testRunner } from './helpers/opening.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';

/**
 * Candidate publicity (中标候选人公示, SS Art.54) and the award (定标, ZB Art.45, SS Art.55) through the API: an
 * evaluation concluded by its committee, its report completed at the signing deadline, then the agency
 * publishes the candidates, a bidder objects, the agency answers and confirms the second candidate because the
 * first declined. Every refusal (wrong role, wrong owner, too short, too late, too early, an open objection,
 * out of order, no reason, a supervisor's hold) is a clear 4xx that changes nothing.
 */
describe('award: candidate publicity, objections and the award', function () {
  this.timeout(300_000);
  const HOUR = 3600_000;
  const DECLINED = '第一中标候选人书面声明放弃中标，见其2026年来函。';
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  let room: Committee;
  let otherAgency: TestUser;

  const t = () => server.testPlatform;
  const api = () => request(t().app);
  const tenderId = () => scene.tender.id;
  const sectionId = () => scene.section.id;
  const base = () => `/api/v1/tenders/${tenderId()}/sections/${sectionId()}`;
  const as = (r: request.Test, user: TestUser | null) => (user ? r.set(bearer(user.token)) : r);
  const publish = (user: TestUser | null, body: object) =>
    as(api().post(`${base()}/publicity`), user).send(body);
  const object = (
    user: TestUser | null,
    content = '第一中标候选人的项目经理资格证书与投标文件所附不一致，请核查。',
  ) => as(api().post(`${base()}/candidate-objections`), user).send({ content });
  const confirm = (user: TestUser | null, body: object) => as(api().post(`${base()}/award`), user).send(body);
  const overview = async (user: TestUser | null) => {
    const res = await as(api().get(`/api/v1/tenders/${tenderId()}/award`), user);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.sections[0];
  };
  const status = async () => (await t().platform.tenders.find(tenderId()))!.status;
  const eventsOf = async (type: EventName) =>
    (await t().platform.events.read(0, 1000, { types: [type], tenderId: tenderId() })).map(
      (e) => e.data as never,
    );
  const models = () => t().platform.db.sequelize.models;
  const count = (model: string) => (models()[model] as unknown as { count(): Promise<number> }).count();
  const noticesOf = async (kind: string) => {
    const res = await api().get(`/api/v1/notices?kind=${kind}&limit=100`).expect(200);
    const mine = (res.body.items as { id: string; tenderId: string }[]).filter(
      (n) => n.tenderId === tenderId(),
    );
    return Promise.all(mine.map(async (n) => (await api().get(`/api/v1/notices/${n.id}`).expect(200)).body));
  };
  const hold = async () => {
    const res = await as(
      api().post(`/api/v1/supervision/tenders/${tenderId()}/suspension`),
      scene.supervisor,
    ).send({
      reason: '接到投诉，监督部门依法暂停，待核查',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const lift = async () => {
    const res = await as(
      api().post(`/api/v1/supervision/tenders/${tenderId()}/resumption`),
      scene.supervisor,
    ).send({
      reason: '经核查，投诉不成立，恢复招标',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const unchangedBeforePublicity = async () => {
    assert.equal(await count('AwardPublicity'), 0);
    assert.equal(await status(), 'evaluating');
    assert.deepEqual(await noticesOf('candidates'), []);
  };
  let earliestEnd: string;
  let publicityEnd: string;
  const bidder = (i: number) => scene.bids[i]!.bidder.user;
  const now = () => t().clock.now();
  const refused = (res: request.Response, status: number, code: string) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.code, code, JSON.stringify(res.body));
  };
  const ruleCode = (res: request.Response, code: string) => {
    refused(res, 422, 'RULE_VIOLATION');
    assert.deepEqual(
      res.body.error.details.map((d: { code: string }) => d.code),
      [code],
    );
  };

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 4 });
    otherAgency = await createPartyUser(t(), scene.admin, 'agency');
    room = await Committee.open(scene, clients);
    await room.toScoring();
    // Every member gives every bid the same technical marks: the price decides the ranking.
    await room.scoreAllAndConclude();
  });
  after(async () => {
    clients?.closeAll();
    await server?.stop();
  });

  describe('the completed report', () => {
    it('refuses to publish before the report is completed: 409 REPORT_NOT_COMPLETED', async () => {
      await t().platform.events.consumers.drain('award-reports');
      refused(
        await publish(scene.agency, { endsAt: new Date(now().getTime() + 10 * 24 * HOUR).toISOString() }),
        409,
        'REPORT_NOT_COMPLETED',
      );
      assert.equal((await overview(scene.agency)).stage, 'evaluating');
      assert.equal(await status(), 'evaluating');
    });

    it('takes the report in when it completes at its signing deadline, with the three candidates in rank order', async () => {
      t().clock.set(new Date(now().getTime() + 24 * HOUR + 1000));
      await scene.relogin();
      otherAgency.token = await login(t().app, otherAgency.username);
      await testRunner(t()).run();
      await t().platform.events.consumers.drain('award-reports');
      const state = await overview(scene.agency);
      assert.equal(state.stage, 'ready');
      assert.deepEqual(
        state.report.candidates.map((c: { rank: number; bidderName: string; priceFen: number }) => [
          c.rank,
          c.bidderName,
          c.priceFen,
        ]),
        scene.bids.slice(0, 3).map((b, i) => [i + 1, b.bidder.name, b.priceFen]),
      );
      assert.ok(state.limits.latestStartAt > state.report.completedAt);
      // The public sees no candidates before their publicity.
      const anonymous = await overview(null);
      assert.equal(anonymous.report, null);
      assert.equal(anonymous.limits, null);
    });
  });

  describe('publishing the candidates: refused, and nothing changes', () => {
    it('a bidder, an expert or a supervisor may not publish: 403; anonymous 401', async () => {
      const body = { endsAt: new Date(now().getTime() + 10 * 24 * HOUR).toISOString() };
      for (const user of [bidder(0), room.leader.user, scene.supervisor])
        refused(await publish(user, body), 403, 'FORBIDDEN');
      assert.equal((await publish(null, body)).status, 401);
      await unchangedBeforePublicity();
    });

    it('another agency (not this tender’s) may not publish: 403', async () => {
      refused(
        await publish(otherAgency, { endsAt: new Date(now().getTime() + 10 * 24 * HOUR).toISOString() }),
        403,
        'FORBIDDEN',
      );
      await unchangedBeforePublicity();
    });

    it('shorter than 3 days (a millisecond before 24:00 of the third day): 422 PUBLICITY_TOO_SHORT', async () => {
      const state = await overview(scene.agency);
      earliestEnd = state.limits.earliestEndAt;
      const startsAt = now().toISOString();
      const res = await publish(scene.agency, {
        startsAt,
        endsAt: new Date(Date.parse(earliestEnd) - 1).toISOString(),
      });
      ruleCode(res, 'PUBLICITY_TOO_SHORT');
      assert.deepEqual(res.body.error.details[0].params, { earliestEndAt: earliestEnd });
      await unchangedBeforePublicity();
    });

    it('starting after the third day from the report: 422 PUBLICITY_TOO_LATE', async () => {
      const { limits } = await overview(scene.agency);
      const startsAt = new Date(Date.parse(limits.latestStartAt) + 1);
      const res = await publish(scene.agency, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 5 * 24 * HOUR).toISOString(),
      });
      ruleCode(res, 'PUBLICITY_TOO_LATE');
      await unchangedBeforePublicity();
    });

    it('malformed dates or unknown fields: 422 VALIDATION_FAILED', async () => {
      refused(await publish(scene.agency, { endsAt: '明天' }), 422, 'VALIDATION_FAILED');
      refused(await publish(scene.agency, { endsAt: earliestEnd, days: 3 }), 422, 'VALIDATION_FAILED');
      await unchangedBeforePublicity();
    });

    it('while a supervisor holds the tender: 409 TENDER_SUSPENDED', async () => {
      await hold();
      refused(await publish(scene.agency, { endsAt: earliestEnd }), 409, 'TENDER_SUSPENDED');
      await lift();
      await unchangedBeforePublicity();
    });

    it('an objection before the candidates are published: 409 PUBLICITY_NOT_PUBLISHED', async () => {
      refused(await object(bidder(1)), 409, 'PUBLICITY_NOT_PUBLISHED');
      assert.equal(await t().platform.models.TenderObjection.count({ where: { tenderId: tenderId() } }), 0);
    });
  });

  describe('the publicity and its objections', () => {
    it('publishes the candidates from now until 24:00 of the third day: the tender is in publicity, with its notice', async () => {
      const res = await publish(scene.agency, { endsAt: earliestEnd });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      publicityEnd = earliestEnd;
      assert.equal(res.body.stage, 'publicity');
      assert.equal(res.body.publicity.endsAt, earliestEnd);
      assert.equal(await status(), 'publicity');
      const [notice, ...more] = await noticesOf('candidates');
      assert.equal(more.length, 0);
      assert.equal(notice.tenderStatus, 'publicity');
      assert.match(notice.title, /中标候选人公示$/);
      for (const [i, bid] of scene.bids.slice(0, 3).entries()) {
        assert.ok(notice.body.includes(bid.bidder.name), bid.bidder.name);
        assert.ok(notice.body.includes(`${fenToYuanGrouped(bid.priceFen)}元`));
        assert.ok(notice.body.includes(['第一', '第二', '第三'][i]! + '中标候选人：' + bid.bidder.name));
      }
      assert.ok(!notice.body.includes(scene.bids[3]!.bidder.name), 'the fourth bidder is no candidate');
      assert.match(notice.body, /公示期/);
      assert.match(notice.body, /异议/);
      assert.equal((await eventsOf('award.publicity-published')).length, 1);
      assert.equal((await eventsOf('tender.publicity-started')).length, 1);
      assert.equal(
        await t().platform.models.AuditEntry.count({ where: { action: 'award.publish-candidates' } }),
        1,
      );
      // The public now sees the candidates too.
      assert.equal((await overview(null)).report.candidates.length, 3);
    });

    it('publishing again: 409 PUBLICITY_EXISTS', async () => {
      refused(await publish(scene.agency, { endsAt: earliestEnd }), 409, 'PUBLICITY_EXISTS');
      assert.equal(await count('AwardPublicity'), 1);
    });

    it('an award before the publicity ends: 409 PUBLICITY_NOT_ENDED', async () => {
      refused(await confirm(scene.agency, { candidateRank: 1 }), 409, 'PUBLICITY_NOT_ENDED');
      assert.equal(await count('Award'), 0);
    });

    it('a bidder objects during the publicity: the tender stays in publicity (not suspended)', async () => {
      const res = await object(bidder(1));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.stage, 'candidates');
      assert.equal(res.body.sectionId, sectionId());
      assert.equal(await status(), 'publicity');
      assert.equal((await overview(scene.agency)).openObjections, 1);
    });

    it('an objection from a tenderee or agency user is refused: 403', async () => {
      refused(await object(scene.agency), 403, 'FORBIDDEN');
      refused(await object(scene.tenderee), 403, 'FORBIDDEN');
    });

    it('after the publicity ends an objection is refused (422 PUBLICITY_ENDED), and the open one holds the award: 409 OBJECTION_OPEN', async () => {
      t().clock.set(new Date(publicityEnd));
      await scene.relogin();
      otherAgency.token = await login(t().app, otherAgency.username);
      ruleCode(await object(bidder(2)), 'PUBLICITY_ENDED');
      refused(await confirm(scene.agency, { candidateRank: 1 }), 409, 'OBJECTION_OPEN');
      assert.equal(await count('Award'), 0);
      assert.equal(await status(), 'publicity');
    });

    it('the agency answers the objection through the objections route; the tender stays in publicity', async () => {
      const list = await as(api().get(`/api/v1/tenders/${tenderId()}/objections`), scene.agency).expect(200);
      const open = list.body.items.find(
        (o: { stage: string; answeredAt: string | null }) => o.stage === 'candidates' && !o.answeredAt,
      );
      const res = await as(
        api().post(`/api/v1/tenders/${tenderId()}/objections/${open.id}/answer`),
        scene.agency,
      ).send({
        answer: '经核查，项目经理资格证书与投标文件一致，异议不成立。',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(await status(), 'publicity');
      assert.equal((await overview(scene.agency)).openObjections, 0);
    });
  });

  describe('confirming the award: refused, and nothing changes', () => {
    const nothingAwarded = async () => {
      assert.equal(await count('Award'), 0);
      assert.equal(await count('AwardLetter'), 0);
      assert.equal(await status(), 'publicity');
      assert.deepEqual(await noticesOf('award'), []);
    };

    it('a bidder or a supervisor may not confirm: 403; another agency: 403', async () => {
      for (const user of [bidder(0), scene.supervisor, otherAgency])
        refused(await confirm(user, { candidateRank: 1 }), 403, 'FORBIDDEN');
      await nothingAwarded();
    });

    it('the second candidate without a ground for the first: 422 CANDIDATE_OUT_OF_ORDER', async () => {
      const res = await confirm(scene.agency, { candidateRank: 2 });
      refused(res, 422, 'CANDIDATE_OUT_OF_ORDER');
      assert.deepEqual(res.body.error.details, { expected: [1] });
      await nothingAwarded();
    });

    it('the third candidate passing over only the second: 422 CANDIDATE_OUT_OF_ORDER', async () => {
      refused(
        await confirm(scene.agency, {
          candidateRank: 3,
          passedOver: [{ rank: 2, ground: 'declined', reason: DECLINED }],
        }),
        422,
        'CANDIDATE_OUT_OF_ORDER',
      );
      await nothingAwarded();
    });

    it('a ground without a written reason: 422 GROUND_REASON_REQUIRED', async () => {
      for (const reason of [undefined, '   ', '放弃'])
        refused(
          await confirm(scene.agency, {
            candidateRank: 2,
            passedOver: [{ rank: 1, ground: 'declined', reason }],
          }),
          422,
          'GROUND_REASON_REQUIRED',
        );
      await nothingAwarded();
    });

    it('a ground not on the list, or a rank beyond three: 422 VALIDATION_FAILED', async () => {
      refused(
        await confirm(scene.agency, {
          candidateRank: 2,
          passedOver: [{ rank: 1, ground: 'too-expensive', reason: DECLINED }],
        }),
        422,
        'VALIDATION_FAILED',
      );
      refused(await confirm(scene.agency, { candidateRank: 4 }), 422, 'VALIDATION_FAILED');
      await nothingAwarded();
    });

    it('while a supervisor holds the tender: 409 TENDER_SUSPENDED', async () => {
      await hold();
      refused(await confirm(scene.agency, { candidateRank: 1 }), 409, 'TENDER_SUSPENDED');
      await lift();
      await nothingAwarded();
    });
  });

  describe('the second candidate confirmed because the first declined', () => {
    let awardId: string;
    const winner = () => scene.bids[1]!;

    it('answers 201 with the award at the candidate’s price; the tender is awarded', async () => {
      const res = await confirm(scene.agency, {
        candidateRank: 2,
        passedOver: [{ rank: 1, ground: 'declined', reason: DECLINED }],
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      awardId = res.body.id;
      assert.equal(res.body.bidId, winner().bidId);
      assert.equal(res.body.bidderName, winner().bidder.name);
      assert.equal(res.body.priceFen, winner().priceFen);
      assert.equal(res.body.candidateRank, 2);
      assert.deepEqual(
        res.body.passedOver.map((p: { rank: number; ground: string; reason: string }) => [
          p.rank,
          p.ground,
          p.reason,
        ]),
        [[1, '放弃中标', DECLINED]],
      );
      assert.equal(await status(), 'awarded');
      assert.equal((await overview(null)).stage, 'awarded');
    });

    it('emits award.confirmed once, and awardFor gives the contract what it needs', async () => {
      const events = (await eventsOf('award.confirmed')) as {
        awardId: string;
        priceFen: number;
        noticeAt: string;
      }[];
      assert.equal(events.length, 1);
      assert.equal(events[0]!.awardId, awardId);
      assert.equal(events[0]!.priceFen, winner().priceFen);
      assert.equal(events[0]!.noticeAt, now().toISOString());
      assert.equal((await eventsOf('tender.awarded')).length, 1);
      assert.equal(await t().platform.models.AuditEntry.count({ where: { action: 'award.confirm' } }), 1);
      const facts = await t().platform.award.awardFor(sectionId());
      assert.equal(facts!.bidId, winner().bidId);
      assert.equal(facts!.priceFen, winner().priceFen);
      assert.equal(facts!.noticeAt.toISOString(), now().toISOString());
    });

    it('publishes the 中标结果公告 with the winner, its price in 元 and why the first was passed over', async () => {
      const [notice, ...more] = await noticesOf('award');
      assert.equal(more.length, 0);
      assert.match(notice.title, /中标结果公告$/);
      assert.ok(notice.body.includes(`中标人：${winner().bidder.name}`));
      assert.ok(notice.body.includes(`中标价格：${fenToYuanGrouped(winner().priceFen)}元`));
      assert.ok(notice.body.includes(scene.bids[0]!.bidder.name));
      assert.ok(notice.body.includes(DECLINED));
      assert.equal(notice.tenderStatus, 'awarded');
    });

    it('a second award for the section: 409', async () => {
      const res = await confirm(scene.agency, { candidateRank: 1 });
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(await count('Award'), 1);
    });

    it('each bidder has its own letter: the winner a 中标通知书, the others a 中标结果通知书', async () => {
      for (const [i, bid] of scene.bids.entries()) {
        const res = await as(
          api().get(`/api/v1/tenders/${tenderId()}/award-letters`),
          bid.bidder.user,
        ).expect(200);
        assert.equal(res.body.items.length, 1, bid.bidder.name);
        const [letter] = res.body.items;
        assert.equal(letter.kind, i === 1 ? 'award' : 'result');
        assert.equal(letter.addresseeName, bid.bidder.name);
        assert.equal(letter.winnerName, winner().bidder.name);
      }
      const all = await as(api().get(`/api/v1/tenders/${tenderId()}/award-letters`), scene.agency).expect(
        200,
      );
      assert.equal(all.body.items.length, 4);
      const sup = await as(api().get(`/api/v1/tenders/${tenderId()}/award-letters`), scene.supervisor).expect(
        200,
      );
      assert.equal(sup.body.items.length, 4);
    });

    it('the winner downloads its letter as a PDF that says what the data says, with the platform’s fingerprint', async () => {
      const mine = await as(
        api().get(`/api/v1/tenders/${tenderId()}/award-letters`),
        winner().bidder.user,
      ).expect(200);
      const letter = mine.body.items[0];
      const res = await as(api().get(`/api/v1/award-letters/${letter.id}/pdf`), winner().bidder.user)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      const text = (await pdfText(res.body as Buffer)).join('').replace(/\s+/g, '');
      for (const expected of [
        '中标通知书',
        winner().bidder.name,
        `${fenToYuanGrouped(winner().priceFen)}元`,
        scene.tender.code,
        letter.fingerprint,
      ])
        assert.ok(text.includes(expected.replace(/\s+/g, '')), `the PDF says ${expected}`);
    });

    it('the letter’s signature verifies against the platform certificate, and fails on a changed letter', async () => {
      const mine = await as(
        api().get(`/api/v1/tenders/${tenderId()}/award-letters`),
        winner().bidder.user,
      ).expect(200);
      const signed = await as(
        api().get(`/api/v1/award-letters/${mine.body.items[0].id}`),
        winner().bidder.user,
      ).expect(200);
      assert.equal(
        await verifyPss(signed.body.certificatePem, signed.body.payload, signed.body.signature),
        true,
      );
      const payload = JSON.parse(signed.body.payload);
      assert.equal(payload.winner.priceFen, winner().priceFen);
      const forged = signed.body.payload.replace(String(winner().priceFen), String(winner().priceFen - 100));
      assert.equal(await verifyPss(signed.body.certificatePem, forged, signed.body.signature), false);
    });

    it('another bidder, or another agency, cannot read the winner’s letter: 404', async () => {
      const mine = await as(
        api().get(`/api/v1/tenders/${tenderId()}/award-letters`),
        winner().bidder.user,
      ).expect(200);
      const id = mine.body.items[0].id;
      for (const user of [bidder(0), otherAgency])
        refused(await as(api().get(`/api/v1/award-letters/${id}/pdf`), user), 404, 'NOT_FOUND');
      assert.equal((await api().get(`/api/v1/award-letters/${id}/pdf`)).status, 401);
    });
  });
});

import assert from 'node:assert/strict';
import request from 'supertest';
import { contractDeadline, depositReturnDeadline, startOfDay } from '../src/modules/contract/rules/limits.js';
import type { EventName } from '../src/platform/events.js';
import { fenToYuanGrouped } from '../src/platform/money.js';
import { bearer, createPartyUser, login, type TestUser } from './helpers/api.js';
import { evaluationScene, type EvaluationScene } from './helpers/evaluation.js';
import { Committee } from './helpers/evaluation-room.js';
import { testRunner } from './helpers/opening.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';
import { validTender } from './helpers/tenders.js';

/**
 * The contract (ZB Art.46, SS Art.57) and performance through the API, on the real database: an evaluation
 * concluded by its committee, its candidates published and the winner confirmed; then the day-25 warning, the
 * contract signed by the agency at the awarded price with its 合同公告, the deposits returned around the 5-day
 * boundary, the performance up to acceptance. A second tender, awarded to another bidder, is signed late (after
 * the day-31 flag) and terminated; a third is refused by its winner. Every refusal is a clear 4xx that changes
 * nothing.
 */
describe('contract: signing, deposits and performance', function () {
  this.timeout(300_000);
  const HOUR = 3600_000;
  const DAY = 24 * HOUR;
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  let room: Committee;
  let otherAgency: TestUser;
  let noticeAt: Date;
  let signedAt: Date;
  /** Two more tenders awarded at the same time: B (signed late, terminated) and C (refused). */
  let late: { tenderId: string; sectionId: string };
  let refusedT: { tenderId: string; sectionId: string };

  const t = () => server.testPlatform;
  const api = () => request(t().app);
  const now = () => t().clock.now();
  const as = (r: request.Test, user: TestUser | null) => (user ? r.set(bearer(user.token)) : r);
  const main = () => ({ tenderId: scene.tender.id, sectionId: scene.section.id });
  const path = (x: { tenderId: string; sectionId: string }, step: string) =>
    `/api/v1/tenders/${x.tenderId}/sections/${x.sectionId}/${step}`;
  const post = (
    user: TestUser | null,
    x: { tenderId: string; sectionId: string },
    step: string,
    body: object,
  ) => as(api().post(path(x, step)), user).send(body);
  const winner = () => scene.bids[0]!;
  const status = async (tenderId: string) => (await t().platform.tenders.find(tenderId))!.status;
  const eventsOf = async (type: EventName, tenderId: string) =>
    (await t().platform.events.read(0, 5000, { types: [type], tenderId })).map((e) => e.data as never);
  const overview = async (user: TestUser | null, tenderId = scene.tender.id) => {
    const res = await as(api().get(`/api/v1/tenders/${tenderId}/contracts`), user);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.sections[0];
  };
  const refused = (res: request.Response, code: number, error: string) => {
    assert.equal(res.status, code, JSON.stringify(res.body));
    assert.equal(res.body.error.code, error, JSON.stringify(res.body));
  };
  const ruleCode = (res: request.Response, code: string) => {
    refused(res, 422, 'RULE_VIOLATION');
    assert.deepEqual(
      res.body.error.details.map((d: { code: string }) => d.code),
      [code],
    );
  };
  const terms = (overrides: object = {}) => ({
    supplierPartyId: winner().bidder.user.partyId,
    priceFen: winner().priceFen,
    subject: '五象新区道路改造工程施工',
    quality: '合格，符合国家现行施工验收规范',
    paymentMethod: '按进度支付，验收合格后付至97%',
    startsOn: new Date(now().getTime() + 8 * HOUR + DAY).toISOString().slice(0, 10),
    dueAt: new Date(now().getTime() + 120 * DAY).toISOString(),
    ...overrides,
  });
  const contractCount = () => t().platform.models.Contract.count();
  const relogin = async () => {
    await scene.relogin();
    otherAgency.token = await login(t().app, otherAgency.username);
  };
  const runJobs = async () => {
    for (let i = 0; i < 4; i++) await testRunner(t()).run();
  };
  const noticesOf = async (tenderId: string) => {
    const res = await api().get('/api/v1/notices?kind=contract&limit=100').expect(200);
    const mine = (res.body.items as { id: string; tenderId: string }[]).filter(
      (n) => n.tenderId === tenderId,
    );
    return Promise.all(mine.map(async (n) => (await api().get(`/api/v1/notices/${n.id}`).expect(200)).body));
  };

  /** Another published tender of the scene's agency, set awarded to `bidder` as the award module stores it. */
  async function awardedTender(bid: number) {
    const world = {
      admin: scene.admin,
      supervisor: scene.supervisor,
      tenderee: scene.tenderee,
      agency: scene.agency,
      bidder: scene.bids[bid]!.bidder.user,
      custodians: scene.custodians,
    };
    const body = validTender(world, now(), { agencyPartyId: scene.agency.partyId! });
    const created = await as(api().post('/api/v1/tenders'), scene.tenderee).send(body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const tenderId = created.body.tender.id as string;
    await as(api().post(`/api/v1/tenders/${tenderId}/publication`), scene.tenderee).expect(200);
    const sectionId = created.body.tender.sections[0].id as string;
    await t().platform.models.Tender.update({ status: 'awarded' }, { where: { id: tenderId } });
    const { randomUUID } = await import('node:crypto');
    const awardId = randomUUID();
    const b = scene.bids[bid]!;
    await t().platform.models.Award.create({
      id: awardId,
      tenderId,
      sectionId,
      publicityId: randomUUID(),
      reportId: randomUUID(),
      bidId: randomUUID(),
      bidderPartyId: b.bidder.user.partyId!,
      bidderName: b.bidder.name,
      candidateRank: 1,
      priceFen: 900_000_00,
      passedOver: '[]',
      confirmedAt: noticeAt,
      confirmedBy: scene.agency.userId,
      noticeId: null,
    });
    // The award's event, as the award module emits it: the contract module schedules its deadline jobs.
    await t().platform.db.transaction((tx) =>
      t().platform.events.emit(tx, { actor: null, ip: 'test', requestId: 'test' }, 'award.confirmed', {
        tenderId,
        sectionId,
        awardId,
        bidId: randomUUID(),
        priceFen: 900_000_00,
        noticeAt: noticeAt.toISOString(),
      }),
    );
    return { tenderId, sectionId };
  }

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 4 });
    otherAgency = await createPartyUser(t(), scene.admin, 'agency');
    room = await Committee.open(scene, clients);
    await room.toScoring();
    await room.scoreAllAndConclude();
    clients.closeAll();
    // The report completes at its signing deadline; the agency publishes the candidates, then confirms the first.
    t().clock.set(new Date(now().getTime() + 24 * HOUR + 1000));
    await relogin();
    await testRunner(t()).run();
    await t().platform.events.consumers.drain('award-reports');
    const state = (await as(api().get(`/api/v1/tenders/${scene.tender.id}/award`), scene.agency).expect(200))
      .body.sections[0];
    const published = await post(scene.agency, main(), 'publicity', { endsAt: state.limits.earliestEndAt });
    assert.equal(published.status, 201, JSON.stringify(published.body));
    t().clock.set(new Date(Date.parse(state.limits.earliestEndAt) + HOUR));
    await relogin();
    const awarded = await post(scene.agency, main(), 'award', { candidateRank: 1 });
    assert.equal(awarded.status, 201, JSON.stringify(awarded.body));
    assert.equal(awarded.body.bidId, winner().bidId);
    noticeAt = now();
    late = await awardedTender(1);
    refusedT = await awardedTender(2);
  });
  after(async () => {
    clients?.closeAll();
    await server?.stop();
  });

  describe('before the contract', () => {
    it('shows each section’s winner, awarded price and the last moment of the 30 days', async () => {
      const state = await overview(null);
      assert.equal(state.award.supplierName, winner().bidder.name);
      assert.equal(state.award.priceFen, winner().priceFen);
      assert.equal(state.award.deadlineAt, contractDeadline(noticeAt).toISOString());
      assert.equal(state.contract, null);
    });

    it('a bidder, an expert or a supervisor may not record it: 403; anonymous 401; another agency 403', async () => {
      for (const user of [winner().bidder.user, room.leader.user, scene.supervisor, otherAgency])
        refused(await post(user, main(), 'contract', terms()), 403, 'FORBIDDEN');
      assert.equal((await post(null, main(), 'contract', terms())).status, 401);
      assert.equal(await contractCount(), 0);
    });

    it('a price one fen off the awarded price: 422 CONTRACT_PRICE_DIFFERS', async () => {
      const res = await post(scene.agency, main(), 'contract', terms({ priceFen: winner().priceFen + 1 }));
      ruleCode(res, 'CONTRACT_PRICE_DIFFERS');
      assert.deepEqual(res.body.error.details[0].params, { awardedPriceFen: winner().priceFen });
      assert.equal(await contractCount(), 0);
    });

    it('another bidder as supplier: 422 CONTRACT_SUPPLIER_DIFFERS; a due date before the start: CONTRACT_PERIOD_INVALID', async () => {
      ruleCode(
        await post(
          scene.agency,
          main(),
          'contract',
          terms({ supplierPartyId: scene.bids[1]!.bidder.user.partyId }),
        ),
        'CONTRACT_SUPPLIER_DIFFERS',
      );
      ruleCode(
        await post(scene.agency, main(), 'contract', terms({ dueAt: now().toISOString() })),
        'CONTRACT_PERIOD_INVALID',
      );
      assert.equal(await contractCount(), 0);
    });

    it('a performance step before the contract: 409 CONTRACT_NOT_SIGNED', async () => {
      refused(await post(scene.agency, main(), 'payments', { amountFen: 100 }), 409, 'CONTRACT_NOT_SIGNED');
    });

    it('while a supervisor holds the tender: 409 TENDER_SUSPENDED, nothing recorded', async () => {
      await as(api().post(`/api/v1/supervision/tenders/${scene.tender.id}/suspension`), scene.supervisor)
        .send({ reason: '接到投诉，监督部门依法暂停，待核查' })
        .expect(200);
      refused(await post(scene.agency, main(), 'contract', terms()), 409, 'TENDER_SUSPENDED');
      assert.equal(await contractCount(), 0);
      await as(api().post(`/api/v1/supervision/tenders/${scene.tender.id}/resumption`), scene.supervisor)
        .send({ reason: '经核查，投诉不成立，恢复' })
        .expect(200);
    });
  });

  describe('the winner’s refusal (SS Art.74)', () => {
    it('is recorded with its reason and emitted with the winner’s party for the credit record', async () => {
      refused(
        await post(scene.agency, refusedT, 'contract-refusal', { reason: '短' }),
        422,
        'VALIDATION_FAILED',
      );
      const res = await post(scene.agency, refusedT, 'contract-refusal', {
        reason: '中标人书面声明放弃签订合同，见其来函。',
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const [event, ...more] = (await eventsOf('contract.refused', refusedT.tenderId)) as {
        supplierPartyId: string;
        reason: string;
      }[];
      assert.equal(more.length, 0);
      assert.equal(event!.supplierPartyId, scene.bids[2]!.bidder.user.partyId);
      assert.equal(event!.reason, '中标人书面声明放弃签订合同，见其来函。');
      assert.equal((await overview(null, refusedT.tenderId)).refusal.reason, event!.reason);
    });

    it('after it, neither a contract nor a second refusal: 409 CONTRACT_REFUSED', async () => {
      const body = terms({ supplierPartyId: scene.bids[2]!.bidder.user.partyId, priceFen: 900_000_00 });
      refused(await post(scene.agency, refusedT, 'contract', body), 409, 'CONTRACT_REFUSED');
      refused(
        await post(scene.agency, refusedT, 'contract-refusal', { reason: '再次记录拒签理由' }),
        409,
        'CONTRACT_REFUSED',
      );
    });
  });

  describe('the day-25 warning', () => {
    it('is not raised a millisecond before 00:00 Beijing of day 25, and is at it, for the unsigned sections only', async () => {
      t().clock.set(new Date(startOfDay(noticeAt, 25).getTime() - 1));
      await runJobs();
      assert.deepEqual(await eventsOf('contract.overdue', scene.tender.id), []);
      t().clock.set(startOfDay(noticeAt, 25));
      await runJobs();
      const [warning] = (await eventsOf('contract.overdue', scene.tender.id)) as { day: number }[];
      assert.equal(warning!.day, 25);
      assert.equal((await eventsOf('contract.overdue', late.tenderId)).length, 1);
      assert.deepEqual(await eventsOf('contract.overdue', refusedT.tenderId), []);
    });
  });

  describe('the contract', () => {
    it('is recorded on day 25 at the awarded price, moving the tender to contracted', async () => {
      await relogin();
      signedAt = now();
      const res = await post(scene.agency, main(), 'contract', terms());
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.priceFen, winner().priceFen);
      assert.equal(res.body.supplierName, winner().bidder.name);
      assert.equal(res.body.late, false);
      assert.equal(res.body.status, 'signed');
      assert.equal(await status(scene.tender.id), 'contracted');
      const [signed] = (await eventsOf('contract.signed', scene.tender.id)) as {
        priceFen: number;
        late: boolean;
      }[];
      assert.equal(signed!.priceFen, winner().priceFen);
      assert.equal(await t().platform.models.AuditEntry.count({ where: { action: 'contract.sign' } }), 1);
    });

    it('publishes the 合同公告 with the supplier and the price in 元', async () => {
      const [notice, ...more] = await noticesOf(scene.tender.id);
      assert.equal(more.length, 0);
      assert.match(notice.title, /合同公告$/);
      assert.ok(notice.body.includes(`中标人（供应商）：${winner().bidder.name}`));
      assert.ok(notice.body.includes(`合同金额：${fenToYuanGrouped(winner().priceFen)}元`));
      assert.ok(!notice.body.includes('超过'));
      assert.equal(notice.tenderStatus, 'contracted');
    });

    it('a second contract for the section: 409 CONTRACT_EXISTS', async () => {
      refused(await post(scene.agency, main(), 'contract', terms()), 409, 'CONTRACT_EXISTS');
      assert.equal(await t().platform.models.Contract.count({ where: { tenderId: scene.tender.id } }), 1);
    });
  });

  describe('deposits (SS Art.57: within 5 days of signing)', () => {
    const back = (i: number, body: object = {}) =>
      post(scene.agency, main(), 'deposit-returns', {
        bidderPartyId: scene.bids[i]!.bidder.user.partyId,
        amountFen: scene.section.depositFen,
        ...body,
      });

    it('records the winner’s return at once, refuses a second one, more than the deposit, or a stranger', async () => {
      const res = await back(0);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.performance.deposits[0].late, false);
      refused(await back(0), 409, 'DEPOSIT_ALREADY_RETURNED');
      ruleCode(await back(1, { amountFen: scene.section.depositFen + 1 }), 'DEPOSIT_AMOUNT_EXCEEDS');
      ruleCode(await back(1, { bidderPartyId: otherAgency.partyId }), 'DEPOSIT_BIDDER_UNKNOWN');
      refused(
        await as(api().post(path(main(), 'deposit-returns')), scene.bids[1]!.bidder.user).send({}),
        403,
        'FORBIDDEN',
      );
    });

    it('at 23:59:59.999 Beijing of the 5th day a return is on time and the job has not run', async () => {
      t().clock.set(depositReturnDeadline(signedAt));
      await relogin();
      const res = await back(1);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.performance.deposits[1].late, false);
      await runJobs();
      assert.deepEqual(await eventsOf('deposit.return-overdue', scene.tender.id), []);
    });

    it('a millisecond later the job flags the two missing returns, and a return now is late', async () => {
      t().clock.set(new Date(depositReturnDeadline(signedAt).getTime() + 1));
      await runJobs();
      const [flag, ...more] = (await eventsOf('deposit.return-overdue', scene.tender.id)) as {
        bidderPartyIds: string[];
      }[];
      assert.equal(more.length, 0);
      assert.deepEqual(
        [...flag!.bidderPartyIds].sort(),
        [scene.bids[2]!, scene.bids[3]!].map((b) => b.bidder.user.partyId).sort(),
      );
      await relogin();
      const res = await back(2);
      assert.equal(res.body.performance.deposits[2].late, true);
    });
  });

  describe('the day-31 flag and a late contract', () => {
    it('the signed tender has no flag; the unsigned one has its day-31 flag', async () => {
      // 5 days after a day-25 signing is the end of day 30: the clock is at 00:00 Beijing of day 31.
      assert.equal(now().getTime(), startOfDay(noticeAt, 31).getTime());
      assert.deepEqual(
        ((await eventsOf('contract.overdue', scene.tender.id)) as { day: number }[]).map((e) => e.day),
        [25],
      );
      assert.deepEqual(
        ((await eventsOf('contract.overdue', late.tenderId)) as { day: number }[]).map((e) => e.day),
        [25, 31],
      );
    });

    it('signed now it is recorded, flagged late, and its notice says so', async () => {
      const res = await post(
        scene.agency,
        late,
        'contract',
        terms({ supplierPartyId: scene.bids[1]!.bidder.user.partyId, priceFen: 900_000_00 }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.late, true);
      assert.equal(await status(late.tenderId), 'contracted');
      const [notice] = await noticesOf(late.tenderId);
      assert.ok(notice.body.includes('超过中标通知书发出之日起30日'));
    });
  });

  describe('performance (履约)', () => {
    const price = () => winner().priceFen;

    it('the first milestone moves the contract and the tender to performance', async () => {
      const res = await post(scene.agency, main(), 'milestones', {
        description: '路基施工完成',
        plannedAt: new Date(now().getTime() + 30 * DAY).toISOString(),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'performance');
      assert.equal(await status(scene.tender.id), 'performance');
      assert.equal((await eventsOf('performance.milestone-recorded', scene.tender.id)).length, 1);
    });

    it('payments up to the contract price; one fen more: 422 PAYMENT_EXCEEDS_CONTRACT', async () => {
      const first = await post(scene.agency, main(), 'payments', { amountFen: price() - 100_00 });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const res = await post(scene.agency, main(), 'payments', { amountFen: 100_01 });
      ruleCode(res, 'PAYMENT_EXCEEDS_CONTRACT');
      assert.equal(res.body.error.details[0].params.ceilingFen, price());
      assert.equal((await eventsOf('performance.payment-recorded', scene.tender.id)).length, 1);
    });

    it('a change raises the amount; a reduction below what is paid: 422 CHANGE_BELOW_PAID', async () => {
      ruleCode(
        await post(scene.agency, main(), 'changes', { reason: '取消部分附属设施', amountChangeFen: -100_01 }),
        'CHANGE_BELOW_PAID',
      );
      const res = await post(scene.agency, main(), 'changes', {
        reason: '增加排水管网延伸工程量',
        amountChangeFen: 5_000_00,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.performance.amountFen, price() + 5_000_00);
      const paid = await post(scene.agency, main(), 'payments', { amountFen: 5_100_00 });
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      assert.equal(paid.body.performance.paidFen, price() + 5_000_00);
    });

    it('a bidder or another agency may not record performance: 403', async () => {
      for (const user of [winner().bidder.user, otherAgency])
        refused(
          await post(user, main(), 'milestones', { description: '越权记录', plannedAt: now().toISOString() }),
          403,
          'FORBIDDEN',
        );
    });

    it('the supplier sees its contract with the performance; another bidder and the public only the contract', async () => {
      const mine = await as(api().get('/api/v1/contracts/mine'), winner().bidder.user).expect(200);
      assert.equal(mine.body.items.length, 1);
      assert.equal(mine.body.items[0].performance.paidFen, price() + 5_000_00);
      assert.deepEqual(
        [mine.body.items[0].tenderId, mine.body.items[0].tenderTitle, mine.body.items[0].sectionCode],
        [scene.tender.id, scene.tender.title, scene.section.code],
      );
      assert.equal((await overview(winner().bidder.user)).contract.performance.records.length, 4);
      assert.equal((await overview(scene.bids[3]!.bidder.user)).contract.performance, null);
      const pub = await overview(null);
      assert.equal(pub.contract.supplierName, winner().bidder.name);
      assert.equal(pub.contract.performance, null);
      assert.deepEqual(pub.bidders, []);
      assert.ok((await overview(scene.supervisor)).contract.performance);
    });

    it('acceptance before the due date is on time; the main tender stays open while the late one is not ended', async () => {
      const res = await post(scene.agency, main(), 'acceptance', {});
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'accepted');
      assert.equal(res.body.onTime, true);
      const [accepted] = (await eventsOf('performance.accepted', scene.tender.id)) as {
        supplierPartyId: string;
        onTime: boolean;
      }[];
      assert.equal(accepted!.supplierPartyId, winner().bidder.user.partyId);
      assert.equal(accepted!.onTime, true);
      assert.equal(await status(scene.tender.id), 'closed');
    });

    it('an ended contract takes no more steps: 409 CONTRACT_ENDED / the closed tender 409', async () => {
      const res = await post(scene.agency, main(), 'payments', { amountFen: 1 });
      assert.equal(res.status, 409, JSON.stringify(res.body));
    });

    it('termination with the supplier’s fault closes the late tender and is emitted for the credit record', async () => {
      refused(
        await post(scene.agency, late, 'termination', { reason: '供应商严重违约', faultOf: 'nobody' }),
        422,
        'VALIDATION_FAILED',
      );
      const res = await post(scene.agency, late, 'termination', {
        reason: '供应商无法按期开工，经催告仍未履行',
        faultOf: 'supplier',
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'terminated');
      assert.equal(await status(late.tenderId), 'closed');
      const [ended] = (await eventsOf('performance.terminated', late.tenderId)) as {
        faultOf: string;
        supplierPartyId: string;
      }[];
      assert.equal(ended!.faultOf, 'supplier');
      assert.equal(ended!.supplierPartyId, scene.bids[1]!.bidder.user.partyId);
      refused(await post(scene.agency, late, 'acceptance', {}), 409, 'TENDER_NOT_IN_PERFORMANCE');
    });
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { earliestPublicityEnd } from '../src/modules/tenders/index.js';
import { ACTIONS, TRANSITIONS } from '../src/modules/tenders/state-machine.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer } from './helpers/api.js';
import { submitBid } from './helpers/bids.js';
import { draftTender, upload } from './helpers/documents.js';
import { drawBody, expertWithLogin, expertRow } from './helpers/experts.js';
import {
  openingTender,
  openingWorld,
  relogin,
  releaseShares,
  sealTestBid,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from './helpers/opening.js';
import type { TestPlatform } from './helpers/platform.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';
import { validTender } from './helpers/tenders.js';

/** What a step answered, over HTTP or a socket's acknowledgement, in one shape. */
interface Outcome {
  ok: boolean;
  code?: string;
  details?: unknown;
  raw: unknown;
}

/**
 * A row per entry of the tender state machine: a party's step, driven through its real route on a tender
 * in a status where it is otherwise allowed, or the reason nobody triggers it (the platform's own steps,
 * which the opening job takes: see the deferral test below).
 */
type Row =
  | { party: true; prepare: () => Promise<string>; drive: (tenderId: string) => Promise<Outcome> }
  | { party: false; why: string };

type Entry = keyof typeof TRANSITIONS | keyof typeof ACTIONS;

const HOLD_REASON = '接到投诉，监督部门依法暂停，待核查';

describe('a supervisory hold blocks every trading action (a matrix over the tender state machine)', function () {
  this.timeout(180_000);
  let server: TestServer;
  let t: TestPlatform;
  let w: OpeningWorld;
  let sockets: SocketClients;
  let expertsReady = false;
  const instructionCodes: string[] = [];

  const http = async (r: request.Test): Promise<Outcome> => {
    const res = await r;
    return {
      ok: res.status >= 200 && res.status < 300,
      code: res.body?.error?.code,
      details: res.body?.error?.details,
      raw: { status: res.status, body: res.body },
    };
  };
  const asTenderee = (r: request.Test) => r.set(bearer(w.tenderee.token));
  const published = async () => (await openingTender(t, w)).id;
  const view = async (id: string): Promise<TenderView> =>
    (await request(t.app).get(`/api/v1/tenders/${id}`).set(bearer(w.tenderee.token)).expect(200)).body;
  const objection = (id: string) =>
    http(
      request(t.app)
        .post(`/api/v1/tenders/${id}/objections`)
        .set(bearer(w.bidders[0]!.user.token))
        .send({ content: '评分标准第二项指向特定品牌，请予澄清。' }),
    );

  const ROWS = {
    publish: {
      party: true,
      prepare: () => draftTender(t, w),
      drive: (id) => http(asTenderee(request(t.app).post(`/api/v1/tenders/${id}/publication`))),
    },
    suspend: {
      party: true, // an objection (异议) suspends the tender (SS Art.22)
      prepare: published,
      drive: objection,
    },
    resume: {
      party: true, // answering the last open objection resumes it
      prepare: async () => {
        const id = await published();
        const raised = await objection(id);
        assert.ok(raised.ok, JSON.stringify(raised.raw));
        return id;
      },
      drive: async (id) => {
        const open = await t.platform.models.TenderObjection.findOne({ where: { tenderId: id } });
        return http(
          asTenderee(request(t.app).post(`/api/v1/tenders/${id}/objections/${open!.id}/answer`)).send({
            answer: '已修改评分标准，见变更公告。',
          }),
        );
      },
    },
    closeBidding: { party: false, why: 'the scheduler closes bidding at the deadline' },
    cancel: {
      party: true,
      prepare: published,
      drive: (id) =>
        http(
          asTenderee(request(t.app).post(`/api/v1/tenders/${id}/cancellation`)).send({
            reason: '项目资金未落实，终止招标',
          }),
        ),
    },
    startOpening: { party: false, why: 'the opening job starts the opening at the deadline' },
    fail: { party: false, why: 'the opening job fails a tender with too few bids' },
    startEvaluation: { party: false, why: 'the opening job moves a tender on to its evaluation' },
    editDraft: {
      party: true,
      prepare: () => draftTender(t, w),
      drive: (id) =>
        http(
          asTenderee(request(t.app).put(`/api/v1/tenders/${id}`)).send(
            validTender(w, t.clock.now(), { agencyPartyId: w.agency.partyId!, title: '改过标题的招标项目' }),
          ),
        ),
    },
    deleteDraft: {
      party: true, // 删除草稿: refused while held, so nothing a supervisor looks at disappears under the hold
      prepare: () => draftTender(t, w),
      drive: (id) => http(asTenderee(request(t.app).delete(`/api/v1/tenders/${id}`))),
    },
    uploadDocument: {
      party: true,
      prepare: () => draftTender(t, w),
      drive: (id) => http(upload(t, w.tenderee, id, { name: '招标文件.pdf' }, '%PDF-1.7 招标文件')),
    },
    clarify: {
      party: true,
      prepare: published,
      drive: async (id) => {
        // The preview is a read: it stays open while held.
        const preview = await asTenderee(request(t.app).post(`/api/v1/tenders/${id}/clarifications/preview`))
          .send({ kind: 'clarification' })
          .expect(200);
        return http(
          asTenderee(request(t.app).post(`/api/v1/tenders/${id}/clarifications`)).send({
            kind: 'clarification',
            title: '关于工期的澄清',
            body: '工期以招标文件第三章为准。',
            confirmBidDeadline: preview.body.bidDeadline,
          }),
        );
      },
    },
    raiseObjection: { party: true, prepare: published, drive: objection },
    submitBid: {
      party: true,
      prepare: published,
      drive: async (id) => {
        const tender = await view(id);
        const sealed = await sealTestBid(tender, w.bidders[1]!);
        return http(submitBid(t.app, w.bidders[1]!.user.token, tender, sealed.file));
      },
    },
    withdrawBid: {
      party: true,
      prepare: async () => {
        const id = await published();
        await submitTestBid(t, await view(id), w.bidders[2]!);
        return id;
      },
      drive: async (id) => {
        const bid = await t.platform.models.Bid.findOne({ where: { tenderId: id } });
        return http(
          request(t.app).post(`/api/v1/bids/${bid!.id}/withdrawal`).set(bearer(w.bidders[2]!.user.token)),
        );
      },
    },
    requestExpertDraw: {
      party: true,
      prepare: async () => {
        if (!expertsReady) {
          for (let i = 0; i < 4; i++) await expertWithLogin(t, w.admin, expertRow());
          await expertWithLogin(t, w.admin, expertRow({ regionCode: '450203' }));
          expertsReady = true;
        }
        return draftAndPublishWithAgency();
      },
      drive: async (id) => {
        const tender = await view(id);
        return http(
          request(t.app)
            .post(`/api/v1/tenders/${id}/expert-draws`)
            .set(bearer(w.agency.token))
            .send(drawBody({ ...w, tender, experts: [] })),
        );
      },
    },
    releaseShare: {
      party: true, // the deadline passed (the clock moves there for this row), the opening not run yet
      prepare: async () => {
        const id = releaseTender;
        t.clock.set(new Date(Date.parse((await view(id)).schedule.bidDeadline) + 60_000));
        await relogin(t, w);
        return id;
      },
      drive: async (id) => {
        const res = await releaseShares(t, id, w.custodians[0]!, w.custodianKeys[0]!);
        return {
          ok: res.status >= 200 && res.status < 300,
          code: res.body?.error?.code,
          details: res.body?.error?.details,
          raw: { status: res.status, body: res.body },
        };
      },
    },
    checkIn: {
      party: true, // 签到 in the opening hall, an hour before the opening
      prepare: async () => {
        t.clock.set(new Date(Date.parse((await view(hallTender)).schedule.bidDeadline) - 3600_000));
        await relogin(t, w);
        return hallTender;
      },
      drive: async (id) => {
        const socket = await sockets.connect(w.bidders[0]!.user.token, '/opening');
        const answer = (await socket.timeout(5000).emitWithAck('hall:check-in', {
          tenderId: id,
          eventId: randomUUID(),
        })) as { ok: boolean; error?: { code: string; details?: unknown } };
        return { ok: answer.ok, code: answer.error?.code, details: answer.error?.details, raw: answer };
      },
    },
    completeOpening: { party: false, why: 'the opening job completes the opening' },
    // Candidate publicity and the award (the award module): the tender is set at the stage directly, with its
    // completed report (and publicity) as the award module stores them; driving a whole evaluation to its
    // report is test/award.test.ts's work. The hold is checked before any of it.
    startPublicity: {
      party: true, // the first section's publicity moves the tender from evaluating to publicity
      prepare: () => atAwardStage('evaluating', 'none'),
      drive: publishCandidates,
    },
    publishCandidates: {
      party: true,
      prepare: () => atAwardStage('evaluating', 'none'),
      drive: publishCandidates,
    },
    raiseCandidateObjection: {
      party: true,
      prepare: () => atAwardStage('publicity', 'running'),
      drive: (id) =>
        http(
          request(t.app)
            .post(`/api/v1/tenders/${id}/sections/${sectionOf.get(id)}/candidate-objections`)
            .set(bearer(w.bidders[1]!.user.token))
            .send({ content: '第一中标候选人的业绩证明材料与实际不符，请核查。' }),
        ),
    },
    confirmAward: {
      party: true,
      prepare: () => atAwardStage('publicity', 'ended'),
      drive: confirmAward,
    },
    award: {
      party: true, // the last evaluated section's award moves the tender to awarded
      prepare: () => atAwardStage('publicity', 'ended'),
      drive: confirmAward,
    },
    // The contract and performance (the contract module): the tender is set at the stage with its award (and
    // contract) rows as the modules store them; test/contract.test.ts drives the whole chain.
    signContract: { party: true, prepare: () => atContractStage('awarded', false), drive: signContract },
    awardNextCandidate: { party: true, prepare: atRefusedAward, drive: awardNext },
    contract: {
      party: true, // the last awarded section's contract moves the tender to contracted
      prepare: () => atContractStage('awarded', false),
      drive: signContract,
    },
    returnDeposit: {
      party: true,
      prepare: () => atContractStage('contracted', true),
      drive: (id) =>
        contractStep(id, 'deposit-returns', { bidderPartyId: w.bidders[0]!.user.partyId!, amountFen: 100 }),
    },
    recordPerformance: {
      party: true,
      prepare: () => atContractStage('contracted', true),
      drive: recordMilestone,
    },
    startPerformance: {
      party: true, // the first performance record moves the tender to performance
      prepare: () => atContractStage('contracted', true),
      drive: recordMilestone,
    },
    close: {
      party: true, // acceptance of the last open contract closes the tender
      prepare: () => atContractStage('performance', true),
      drive: (id) => contractStep(id, 'acceptance', {}),
    },
  } satisfies Record<Entry, Row>;

  /** A published tender set at a contract stage: its section awarded a day ago, and signed when asked. */
  async function atContractStage(status: 'awarded' | 'contracted' | 'performance', signed: boolean) {
    const id = await published();
    const section = (await view(id)).sections[0]!;
    sectionOf.set(id, section.id);
    const now = t.clock.now().getTime();
    const DAY = 24 * 3600_000;
    await t.platform.models.Tender.update({ status }, { where: { id } });
    const party = await t.platform.parties.find(w.bidders[0]!.user.partyId!);
    const awardId = randomUUID();
    await t.platform.models.Award.create({
      id: awardId,
      tenderId: id,
      sectionId: section.id,
      publicityId: randomUUID(),
      reportId: randomUUID(),
      bidId: randomUUID(),
      bidderPartyId: party!.id,
      bidderName: party!.name,
      candidateRank: 1,
      priceFen: 880_000_00,
      passedOver: '[]',
      confirmedAt: new Date(now - DAY),
      confirmedBy: w.agency.userId,
      noticeId: null,
    });
    if (signed)
      await t.platform.models.Contract.create({
        id: randomUUID(),
        tenderId: id,
        sectionId: section.id,
        awardId,
        supplierPartyId: party!.id,
        supplierName: party!.name,
        status: status === 'performance' ? 'performance' : 'signed',
        priceFen: 880_000_00,
        subject: '办公设备采购',
        quality: '符合国家标准',
        paymentMethod: '验收后一次付清',
        startsOn: new Date(now + 8 * 3600_000).toISOString().slice(0, 10),
        dueAt: new Date(now + 90 * DAY),
        signedAt: new Date(now - 1000),
        late: false,
        recordedBy: w.agency.userId,
        noticeId: null,
        acceptedAt: null,
        terminatedAt: null,
        endReason: null,
        faultOf: null,
      });
    return id;
  }

  /** An awarded tender whose winner refused to sign, with a second candidate in the award's report. */
  async function atRefusedAward() {
    const id = await atContractStage('awarded', false);
    const award = (await t.platform.models.Award.findOne({ where: { tenderId: id } }))!;
    const party = (await t.platform.parties.find(w.bidders[1]!.user.partyId!))!;
    const candidate = (rank: number, bidId: string, p: { id: string; name: string }, priceFen: number) => ({
      rank,
      bidId,
      bidderPartyId: p.id,
      bidderName: p.name,
      priceFen,
      score: null,
      technicalScore: null,
      priceScore: null,
    });
    await t.platform.models.AwardReport.create({
      id: award.reportId,
      tenderId: id,
      sectionId: award.sectionId,
      evaluationId: randomUUID(),
      digest: '0'.repeat(64),
      completedAt: new Date(award.confirmedAt.getTime() - 5 * 24 * 3600_000),
      candidates: JSON.stringify([
        candidate(1, award.bidId, { id: award.bidderPartyId, name: award.bidderName }, award.priceFen),
        candidate(2, randomUUID(), party, 900_000_00),
      ]),
      supersededAt: null,
    });
    await award.update({ refusedAt: t.clock.now(), refusalReason: '中标人书面放弃中标' });
    return id;
  }

  function awardNext(id: string) {
    return contractStep(id, 'award-next', {});
  }

  function contractStep(id: string, path: string, body: object) {
    return http(
      asTenderee(request(t.app).post(`/api/v1/tenders/${id}/sections/${sectionOf.get(id)}/${path}`)).send(
        body,
      ),
    );
  }

  function signContract(id: string) {
    const now = t.clock.now().getTime();
    return contractStep(id, 'contract', {
      supplierPartyId: w.bidders[0]!.user.partyId!,
      priceFen: 880_000_00,
      subject: '办公设备采购',
      quality: '符合国家标准',
      paymentMethod: '验收后一次付清',
      startsOn: new Date(now + 8 * 3600_000).toISOString().slice(0, 10),
      dueAt: new Date(now + 90 * 24 * 3600_000).toISOString(),
    });
  }

  function recordMilestone(id: string) {
    return contractStep(id, 'milestones', {
      description: '首批设备到货',
      plannedAt: new Date(t.clock.now().getTime() + 10 * 24 * 3600_000).toISOString(),
    });
  }

  /** The section each award-stage tender was set up with. */
  const sectionOf = new Map<string, string>();

  /** A published tender set at an award stage: a completed report for its section, and its publicity if any. */
  async function atAwardStage(status: 'evaluating' | 'publicity', publicity: 'none' | 'running' | 'ended') {
    const id = await published();
    const section = (await view(id)).sections[0]!;
    sectionOf.set(id, section.id);
    const now = t.clock.now().getTime();
    const DAY = 24 * 3600_000;
    await t.platform.models.Tender.update({ status }, { where: { id } });
    const reportId = randomUUID();
    const party = await t.platform.parties.find(w.bidders[0]!.user.partyId!);
    await t.platform.models.AwardReport.create({
      id: reportId,
      tenderId: id,
      sectionId: section.id,
      evaluationId: randomUUID(),
      digest: '0'.repeat(64),
      completedAt: new Date(now - (publicity === 'none' ? 0 : 5 * DAY)),
      candidates: JSON.stringify([
        {
          rank: 1,
          bidId: randomUUID(),
          bidderPartyId: party!.id,
          bidderName: party!.name,
          priceFen: 880_000_00,
          score: null,
          technicalScore: null,
          priceScore: null,
        },
      ]),
      supersededAt: null,
    });
    if (publicity !== 'none') {
      await t.platform.models.AwardPublicity.create({
        id: randomUUID(),
        tenderId: id,
        sectionId: section.id,
        reportId,
        startsAt: new Date(now - 4 * DAY),
        endsAt: new Date(publicity === 'running' ? now + DAY : now - 1),
        publishedAt: new Date(now - 4 * DAY),
        publishedBy: w.agency.userId,
        noticeId: null,
      });
    }
    return id;
  }

  function publishCandidates(id: string) {
    return http(
      asTenderee(request(t.app).post(`/api/v1/tenders/${id}/sections/${sectionOf.get(id)}/publicity`)).send({
        endsAt: earliestPublicityEnd(t.clock.now()).toISOString(),
      }),
    );
  }

  function confirmAward(id: string) {
    return http(
      asTenderee(request(t.app).post(`/api/v1/tenders/${id}/sections/${sectionOf.get(id)}/award`)).send({
        candidateRank: 1,
      }),
    );
  }

  let releaseTender: string;
  let hallTender: string;
  let deferredTender: string;

  async function draftAndPublishWithAgency(): Promise<string> {
    const body = validTender(w, t.clock.now(), { agencyPartyId: w.agency.partyId! });
    const created = await request(t.app).post('/api/v1/tenders').set(bearer(w.tenderee.token)).send(body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await asTenderee(request(t.app).post(`/api/v1/tenders/${created.body.tender.id}/publication`)).expect(
      200,
    );
    return created.body.tender.id;
  }

  const suspend = async (id: string) => {
    const res = await request(t.app)
      .post(`/api/v1/supervision/tenders/${id}/suspension`)
      .set(bearer(w.supervisor.token))
      .send({ reason: HOLD_REASON });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    instructionCodes.push(res.body.hold.instructionCode);
    return res.body.hold.instructionCode as string;
  };
  const resume = async (id: string) => {
    const res = await request(t.app)
      .post(`/api/v1/supervision/tenders/${id}/resumption`)
      .set(bearer(w.supervisor.token))
      .send({ reason: '经核查，投诉不成立，恢复招标' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    t = server.testPlatform;
    w = await openingWorld(t, 4);
    // Tenders whose rows run later, past the clock's moves: their bids go in now, before the deadline.
    releaseTender = await published(); // three bids: a section with fewer opens nothing (SS Art.44)
    for (let i = 0; i < 3; i++) await submitTestBid(t, await view(releaseTender), w.bidders[i]!);
    hallTender = await published();
    await submitTestBid(t, await view(hallTender), w.bidders[0]!);
    deferredTender = await published();
    for (let i = 0; i < 3; i++) await submitTestBid(t, await view(deferredTender), w.bidders[i]!);
    // Held from before its deadline until the last test lifts it: its opening must wait.
    await suspend(deferredTender);
  });
  after(async () => {
    sockets?.closeAll();
    await server?.stop();
  });
  beforeEach(() => {
    sockets = new SocketClients(server.baseUrl);
  });
  afterEach(() => sockets.closeAll());

  it('has a row for every transition and action of the state machine', () => {
    const entries = [...Object.keys(TRANSITIONS), ...Object.keys(ACTIONS)].sort();
    assert.deepEqual(Object.keys(ROWS).sort(), entries);
  });

  // The rows before the clock moves first; then the hall's check-in, an hour before; then the releases, after.
  const order: Entry[] = [
    ...(Object.keys(ROWS) as Entry[]).filter((k) => k !== 'checkIn' && k !== 'releaseShare'),
    'checkIn',
    'releaseShare',
  ];
  for (const entry of order) {
    const row: Row = ROWS[entry];
    if (!row.party) {
      it(`${entry}: not a party's step (${row.why})`, () => assert.ok(row.why));
      continue;
    }
    it(`${entry}: 409 TENDER_SUSPENDED while held, changing nothing; taken again once resumed`, async () => {
      const id = await row.prepare();
      const before = await t.platform.tenders.find(id);
      const code = await suspend(id);
      const refused = await row.drive(id);
      assert.equal(refused.ok, false, JSON.stringify(refused.raw));
      assert.equal(refused.code, 'TENDER_SUSPENDED', JSON.stringify(refused.raw));
      assert.deepEqual(refused.details, { instruction: code, reason: HOLD_REASON });
      const after = await t.platform.tenders.find(id);
      assert.equal(after!.status, before!.status);
      assert.equal(after!.bidDeadline.getTime(), before!.bidDeadline.getTime());
      await resume(id);
      const taken = await row.drive(id);
      assert.equal(taken.ok, true, JSON.stringify(taken.raw));
    });
  }

  it('the opening defers while held (not failed, not lost) and runs once the hold is lifted', async () => {
    const runner = testRunner(t);
    // Every tender of this file has an opening job due by now; a tick claims a few at a time.
    const runAll = async () => {
      for (let i = 0; i < 8; i++) await runner.run();
    };
    const { Job, Opening } = t.platform.models;
    const job = () => Job.findOne({ where: { kind: 'opening', key: deferredTender } });
    // Held since before its deadline; now past it (where the releases' row left the clock, or here).
    const deadline = Date.parse((await view(deferredTender)).schedule.bidDeadline);
    if (t.clock.now().getTime() <= deadline) t.clock.set(new Date(deadline + 60_000));
    await runAll();
    assert.equal(await Opening.count({ where: { tenderId: deferredTender } }), 0);
    const waiting = await job();
    assert.ok(waiting, 'the opening job is still there');
    assert.equal(waiting.status, 'pending', JSON.stringify(waiting.toJSON()));
    assert.ok(waiting.runAt > t.clock.now(), 'and comes back later');
    assert.ok(waiting.updatedAt > waiting.createdAt, 'after it ran');
    // Still held a while later: deferred again.
    t.clock.advance(61_000);
    await runAll();
    assert.equal(await Opening.count({ where: { tenderId: deferredTender } }), 0);
    await relogin(t, w);
    await resume(deferredTender);
    t.clock.advance(61_000);
    await runAll();
    assert.equal(await Opening.count({ where: { tenderId: deferredTender } }), 1);
    assert.equal((await t.platform.tenders.find(deferredTender))!.status, 'opening');
  });
});

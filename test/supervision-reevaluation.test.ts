import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Evaluation, EvaluationMember, EvaluationSheet } from '../src/modules/evaluation/models.js';
import type { EventName } from '../src/platform/events.js';
import { bearer } from './helpers/api.js';
import { evaluationScene, scoresAt, scoreSheet, type EvaluationScene } from './helpers/evaluation.js';
import { Committee, ok, refused } from './helpers/evaluation-room.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';

/**
 * 责令重新评审: a supervisor orders the original committee to re-evaluate a concluded evaluation. It goes back to
 * scoring with the same members, the superseded result stays readable in its log, the members correct their
 * sheets and it concludes again (evaluation.concluded a second time). Wrong roles, a running evaluation and a
 * bad reason are refused and change nothing.
 */
describe('supervision: ordering a re-evaluation (责令重新评审)', function () {
  this.timeout(300_000);
  const REASON = '评审报告中商务分计算错误，责令原评标委员会重新评审';
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  let room: Committee;
  let plan: { criteria: { key: string; kind: string; group: string; points: number }[] };
  let year: number;

  const t = () => server.testPlatform;
  const order = (token: string | null, body: unknown, id = room.evaluationId) => {
    const r = request(t().app).post(`/api/v1/supervision/evaluations/${id}/re-evaluation`);
    return (token ? r.set(bearer(token)) : r).send(body as object);
  };
  const instructionCount = () =>
    t().platform.supervision.instructions['models'].SupervisionInstruction.count();
  const models = () => {
    const m = t().platform.db.sequelize.models;
    return {
      Evaluation: m.Evaluation as unknown as typeof Evaluation,
      EvaluationMember: m.EvaluationMember as unknown as typeof EvaluationMember,
      EvaluationSheet: m.EvaluationSheet as unknown as typeof EvaluationSheet,
    };
  };
  const evaluation = () => models().Evaluation.findByPk(room.evaluationId);
  const eventsOf = async (type: EventName) =>
    (await t().platform.events.read(0, 1000, { types: [type] })).filter(
      (e) => e.tenderId === scene.tender.id,
    );
  const tenderStatus = async () => (await t().platform.tenders.find(scene.tender.id))!.status;

  /** Every member scores every bid at `share` of each typed criterion's points. */
  const scoreAll = async (share: number) => {
    for (const bid of scene.bids)
      for (const seat of room.seats)
        ok(
          await room.signed(
            seat,
            'evaluation:score',
            scoreSheet(room.evaluationId, seat.memberId, bid.bidId, scoresAt(plan, share)),
          ),
          'score',
        );
  };

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 3 });
    plan = scene.section.evaluationPlan as typeof plan;
    room = await Committee.open(scene, clients);
    year = new Date(t().clock.now().getTime() + 8 * 3600_000).getUTCFullYear();
    await room.toScoring();
  });
  after(async () => {
    clients?.closeAll();
    await server?.stop();
  });

  it('refuses to reopen an evaluation still running: 409, nothing numbered', async () => {
    const res = await order(scene.supervisor.token, { reason: REASON });
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'EVALUATION_NOT_CONCLUDED');
    assert.equal(await instructionCount(), 0);
    assert.equal((await evaluation())!.step, 'scoring');
  });

  it('concludes the first time', async () => {
    await scoreAll(0.8);
    ok(await room.advance('scoring'), 'to ranking');
    ok(await room.advance('ranking'), 'conclude');
    assert.equal((await evaluation())!.step, 'concluded');
    assert.equal((await eventsOf('evaluation.concluded')).length, 1);
  });

  describe('refused, and nothing changes', () => {
    const unchanged = async () => {
      assert.equal(await instructionCount(), 0);
      const e = (await evaluation())!;
      assert.equal(e.step, 'concluded');
      assert.notEqual(e.result, null);
    };

    for (const role of ['tenderee', 'agency', 'admin', 'expert', 'bidder'] as const) {
      it(`a ${role} may not order it: 403`, async () => {
        const token =
          role === 'expert'
            ? room.leader.user.token
            : role === 'bidder'
              ? scene.bids[0]!.bidder.user.token
              : scene[role].token;
        const res = await order(token, { reason: REASON });
        assert.equal(res.status, 403, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'FORBIDDEN');
        await unchanged();
      });
    }

    it('anonymous: 401', async () => {
      assert.equal((await order(null, { reason: REASON })).status, 401);
      await unchanged();
    });

    for (const [what, body] of [
      ['no reason', {}],
      ['a reason under 5 characters', { reason: '有误' }],
      ['a blank reason', { reason: '       ' }],
      ['a reason over 500 characters', { reason: '误'.repeat(501) }],
      ['an unknown field', { reason: REASON, members: [] }],
    ] as const) {
      it(`${what}: 422 VALIDATION_FAILED`, async () => {
        const res = await order(scene.supervisor.token, body);
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'VALIDATION_FAILED');
        await unchanged();
      });
    }

    it('an unknown evaluation: 404; a malformed id: 422', async () => {
      const res = await order(scene.supervisor.token, { reason: REASON }, randomUUID());
      assert.equal(res.status, 404, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'NOT_FOUND');
      assert.equal((await order(scene.supervisor.token, { reason: REASON }, 'nope')).status, 422);
      await unchanged();
    });
  });

  describe('ordered by a supervisor', () => {
    let firstResult: { candidates: { bidId: string; score: number | null }[] };
    let membersBefore: { id: string; state: string }[];
    let statusBefore: string;

    before(async () => {
      const e = (await evaluation())!;
      firstResult = JSON.parse(e.result!) as typeof firstResult;
      membersBefore = (await models().EvaluationMember.findAll({ where: { evaluationId: e.id } })).map(
        (m) => ({ id: m.id, state: m.state }),
      );
      statusBefore = await tenderStatus();
    });

    it('numbers and records the instruction, and sends the evaluation back to scoring', async () => {
      const res = await order(scene.supervisor.token, { reason: `  ${REASON}  ` });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const [item] = res.body.items;
      assert.equal(item.kind, 're-evaluation');
      assert.equal(item.code, `JG-${year}-0001`);
      assert.equal(item.reason, REASON);
      assert.equal(item.noticeId, null, 'an order to the committee is not a public notice');
      assert.equal(res.body.hold, null, 'the tender is not held');

      const e = (await evaluation())!;
      assert.equal(e.step, 'scoring');
      assert.equal(e.result, null);
      assert.equal(e.concludedAt, null);
      const members = await models().EvaluationMember.findAll({ where: { evaluationId: e.id } });
      assert.deepEqual(
        members.map((m) => ({ id: m.id, state: m.state })),
        membersBefore,
        'the same committee, the same members',
      );
      assert.equal(await tenderStatus(), statusBefore, 'the tender status is left as it was');
    });

    it('is audited and an event, on both sides', async () => {
      const audit = t().platform.models.AuditEntry;
      assert.equal(await audit.count({ where: { action: 'supervision.instruction.re-evaluation' } }), 1);
      assert.equal(await audit.count({ where: { action: 'evaluation.reopened' } }), 1);
      const [issued] = await eventsOf('supervision.instruction-issued');
      assert.equal((issued!.data as { kind: string }).kind, 're-evaluation');
      const [reopened] = await eventsOf('evaluation.reopened');
      assert.equal((reopened!.data as { instruction: string }).instruction, `JG-${year}-0001`);
    });

    it('shows the experts their room in scoring again, with the order and the superseded result in the log', async () => {
      for (const seat of room.seats) {
        const snapshot = await room.snapshot(seat);
        assert.equal(snapshot.step, 'scoring');
        assert.equal(snapshot.result, null);
        assert.equal(snapshot.ranking, null);
      }
      const log = await request(t().app)
        .get(`/api/v1/evaluations/${room.evaluationId}/log`)
        .set(bearer(scene.tenderee.token))
        .expect(200);
      const entry = log.body.items.find((i: { kind: string }) => i.kind === 'reopened');
      assert.ok(entry, 'the reopening is in the timeline');
      assert.equal(entry.data.instruction, `JG-${year}-0001`);
      assert.equal(entry.data.reason, REASON);
      assert.deepEqual(
        entry.data.superseded.candidates,
        firstResult.candidates,
        'the old report stays readable',
      );
    });

    it('shows the order to the parties concerned, not to the public', async () => {
      const list = (token?: string) => {
        const r = request(t().app).get(`/api/v1/tenders/${scene.tender.id}/instructions`);
        return token ? r.set(bearer(token)) : r;
      };
      const bidder = (await list(scene.bids[1]!.bidder.user.token).expect(200)).body;
      assert.deepEqual(
        bidder.items.map((i: { kind: string }) => i.kind),
        ['re-evaluation'],
      );
      assert.deepEqual((await list().expect(200)).body.items, []);
    });

    it('refuses a second order while the committee re-evaluates: 409', async () => {
      const res = await order(scene.supervisor.token, { reason: REASON });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'EVALUATION_NOT_CONCLUDED');
      assert.equal(await instructionCount(), 1);
    });

    it('takes corrected sheets and concludes again, emitting evaluation.concluded again', async () => {
      const seat = room.seats[0]!;
      const bid = scene.bids[0]!.bidId;
      // A sheet once submitted is changed by a correction with its GP87 Art.64 reason, beside the old one.
      refused(
        await room.signed(
          seat,
          'evaluation:score',
          scoreSheet(room.evaluationId, seat.memberId, bid, scoresAt(plan, 0.5)),
        ),
        'SHEET_EXISTS',
      );
      for (const s of room.seats)
        ok(
          await room.signed(
            s,
            'evaluation:score',
            scoreSheet(room.evaluationId, s.memberId, bid, scoresAt(plan, 0.5), {
              reason: 'arithmetic',
              note: '按监督指令复核，商务分计算有误',
            }),
          ),
          'correction',
        );
      const versions = await models().EvaluationSheet.findAll({
        where: { evaluationId: room.evaluationId, memberId: seat.memberId, bidId: bid, kind: 'score' },
      });
      assert.deepEqual(versions.map((v) => v.version).sort(), [1, 2], 'the first sheet is kept');

      ok(await room.advance('scoring'), 'to ranking');
      ok(await room.advance('ranking'), 'conclude again');
      const e = (await evaluation())!;
      assert.equal(e.step, 'concluded');
      const second = JSON.parse(e.result!) as typeof firstResult;
      assert.notDeepEqual(second.candidates, firstResult.candidates, 'the corrected scores count');
      assert.equal((await eventsOf('evaluation.concluded')).length, 2);
      assert.equal(await tenderStatus(), statusBefore);
    });
  });
});

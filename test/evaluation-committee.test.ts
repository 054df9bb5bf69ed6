import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { RequestContext } from '../src/platform/auth/roles.js';
import { AppError } from '../src/platform/errors.js';
import { bearer, type TestUser } from './helpers/api.js';
import {
  allPass,
  declaration,
  evaluationOf,
  evaluationScene,
  memberOf,
  membersOf,
  reviewSheet,
  sign,
  signedInput,
  type CommitteeUser,
  type EvaluationScene,
} from './helpers/evaluation.js';
import { expertRow, expertWithLogin, type PoolExpertUser } from './helpers/experts.js';
import {
  openingTender,
  openingWorld,
  relogin,
  releaseShares,
  submitTestBid,
  testRunner,
} from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/*
 * The committee side of the evaluation (docs/domain.md §4-§5), driven through the module's facade (what the
 * room's socket events call) and its REST routes: the creation from the opening and the draw in either order,
 * the signed declarations and a declared conflict replaced through the draw, the leader's election, the steps
 * and their guards, the review's majority, the clarifications and their deadline, and who may see what.
 */

const M = 1_000_000;
const MAX_PRICE = 100 * M;
/** A 88M, B 90M, C 92M, D 60M (abnormally low: a third under the others' mean), E 101M (above the maximum). */
const PRICES = [88 * M, 90 * M, 92 * M, 60 * M, 101 * M];
const PLAN = {
  method: 'comprehensive' as const,
  criteria: [
    {
      key: 'licence',
      name: '营业执照',
      kind: 'pass-fail' as const,
      group: 'qualification' as const,
      points: 0,
    },
    {
      key: 'bond',
      name: '投标保证金',
      kind: 'pass-fail' as const,
      group: 'qualification' as const,
      points: 0,
    },
    { key: 'design', name: '技术方案', kind: 'subjective' as const, group: 'technical' as const, points: 60 },
    { key: 'price', name: '投标报价', kind: 'objective' as const, group: 'price' as const, points: 40 },
  ],
  priceFormula: { base: 'lowest-price' as const },
  committee: { size: 5, experts: 4, representatives: 1 },
  deviationPercent: 20,
  abnormallyLowPercent: 20,
  durationMinutes: 240,
};

type Step = { seq: number; replayed: boolean };

async function ctxOf(t: TestPlatform, user: TestUser): Promise<RequestContext> {
  const actor = await t.platform.identity.resolve(user.token);
  assert.ok(actor, `session of ${user.username}`);
  return { actor, ip: '198.51.100.7', requestId: randomUUID() };
}

/** The AppError code a call fails with (it must fail). */
async function failsWith(
  call: Promise<unknown>,
  status: number,
  code: string,
  what = code,
): Promise<AppError> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof AppError, `${what}: ${String(err)}`);
    assert.equal(err.code, code, `${what}: ${err.message}`);
    assert.equal(err.status, status, `${what}: status`);
    return err;
  }
  assert.fail(`${what} succeeded, ${code} expected`);
}

describe('evaluation committee: creation, declarations, leader, steps, review, clarifications, access', function () {
  this.timeout(240_000);
  let t: TestPlatform;
  let scene: EvaluationScene;
  let evaluationId: string;
  let bidIds: string[]; // A..E in PRICES order
  const memberIds = new Map<string, string>(); // user id → member id
  let experts: CommitteeUser[];
  let rep: CommitteeUser;
  let replaced: CommitteeUser;
  let newcomer: CommitteeUser;
  let leader: CommitteeUser;

  const service = () => t.platform.evaluation.service;
  const evaluation = () => t.platform.evaluation.snapshots;
  const mid = (u: CommitteeUser) => memberIds.get(u.userId)!;
  const names = () => scene.bids.map((b) => b.bidder.name);
  const lastSeq = async () => (await evaluationOf(t, scene.tender.id)).lastSeq;
  const declare = async (u: CommitteeUser, opts: { conflict?: boolean } = {}) =>
    service().declare(
      await ctxOf(t, u),
      await signedInput(u, declaration(evaluationId, mid(u), names(), opts)),
    );
  const vote = async (u: CommitteeUser, candidate: CommitteeUser) =>
    service().voteLeader(await ctxOf(t, u), {
      evaluationId,
      eventId: randomUUID(),
      candidateMemberId: mid(candidate),
    });
  const advance = async (u: CommitteeUser, from: string, eventId = randomUUID()) =>
    service().advance(await ctxOf(t, u), { evaluationId, eventId, from: from as 'forming' });
  const review = async (
    u: CommitteeUser,
    bid: number,
    verdicts: Record<string, { pass: boolean; reason?: string }> = allPass(PLAN),
  ) =>
    service().review(
      await ctxOf(t, u),
      await signedInput(u, reviewSheet(evaluationId, mid(u), bidIds[bid]!, verdicts)),
    );
  const api = (user: TestUser | null) => ({
    get: (path: string) => {
      const r = request(t.app).get(`/api/v1${path}`);
      return user ? r.set(bearer(user.token)) : r;
    },
    post: (path: string, body: object) => {
      const r = request(t.app).post(`/api/v1${path}`);
      return (user ? r.set(bearer(user.token)) : r).send(body);
    },
  });

  before(async () => {
    t = await createTestPlatform();
    scene = await evaluationScene(t, {
      bidders: 5,
      prices: PRICES,
      plan: PLAN,
      maxPriceFen: MAX_PRICE,
      representatives: 2,
    });
    bidIds = scene.bids.map((b) => b.bidId);
    experts = scene.experts;
    rep = scene.representatives[0]!;
  });
  after(() => t?.close());

  it('creates the evaluation once the opening completed and the draw is announced: bids admitted, experts seated', async () => {
    const created = await evaluationOf(t, scene.tender.id, scene.section.id);
    evaluationId = created.id;
    assert.equal(created.step, 'forming');
    assert.equal(created.drawId, scene.drawId);
    assert.equal(created.scheduledEndAt.getTime() - created.startedAt.getTime(), 240 * 60_000);
    for (const m of await membersOf(t, evaluationId)) memberIds.set(m.userId, m.id);
    const members = await membersOf(t, evaluationId);
    assert.deepEqual(
      members.map((m) => m.userId).sort(),
      experts.map((e) => e.userId).sort(),
      'the four drawn experts, no one else yet',
    );
    assert.ok(members.every((m) => m.state === 'seated' && m.kind === 'expert'));

    const snapshot = await evaluation().build((await ctxOf(t, scene.supervisor)).actor!, evaluationId);
    const byId = new Map(snapshot.bids.map((b) => [b.bidId, b]));
    assert.equal(snapshot.bids.length, 5);
    assert.equal(byId.get(bidIds[4]!)!.rejection?.code, 'ABOVE_MAX_PRICE', 'E: above the maximum price');
    assert.match(byId.get(bidIds[4]!)!.rejection!.reason, /第五十一条/);
    assert.deepEqual(byId.get(bidIds[3]!)!.flags, ['ABNORMALLY_LOW'], 'D: abnormally low, flagged');
    for (const i of [0, 1, 2]) {
      assert.equal(byId.get(bidIds[i]!)!.rejection, null);
      assert.deepEqual(byId.get(bidIds[i]!)!.flags, []);
    }
    assert.equal(byId.get(bidIds[3]!)!.rejection, null, 'flagged, not rejected');
    assert.equal(snapshot.log[0]?.kind, 'created');
    assert.equal(snapshot.seq, 1);

    const stream = await t.platform.events.read(0, 1000, { types: ['evaluation.created'] });
    assert.equal(stream.filter((e) => e.tenderId === scene.tender.id).length, 1);
  });

  it('creates nothing twice when the consumer reads the stream again from its start', async () => {
    const { EventCursor } = t.platform.events.models;
    await EventCursor.update({ lastSeq: 0 }, { where: { consumer: 'evaluation-creation' } });
    await t.platform.events.consumers.drain('evaluation-creation');
    const Evaluation = t.platform.db.sequelize.models.Evaluation!;
    assert.equal(await Evaluation.count({ where: { tenderId: scene.tender.id } }), 1);
    assert.equal((await membersOf(t, evaluationId)).length, 4);
    assert.equal(await lastSeq(), 1, 'no second "created" entry');
  });

  it('seats a representative of the tenderee by REST, within the plan, while forming', async () => {
    const path = `/evaluations/${evaluationId}/representatives`;
    const added = await api(scene.tenderee).post(path, { userId: rep.userId });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.replayed, false);
    const second = await api(scene.agency).post(path, { userId: scene.representatives[1]!.userId });
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'REPRESENTATIVES_FULL');
    const notTenderee = await api(scene.agency).post(path, { userId: scene.agency.userId });
    assert.equal(notTenderee.status, 422);
    assert.equal(notTenderee.body.error.code, 'NOT_TENDEREE_USER');
    assert.equal((await api(scene.bids[0]!.bidder.user).post(path, { userId: rep.userId })).status, 403);
    assert.equal((await api(experts[0]!).post(path, { userId: rep.userId })).status, 403);
    const member = await memberOf(t, evaluationId, rep.userId);
    assert.equal(member.kind, 'representative');
    assert.equal(member.state, 'seated');
    memberIds.set(rep.userId, member.id);
  });

  it('refuses a declaration with a bad signature, a foreign certificate or the wrong bidders, changing nothing', async () => {
    const [e0, e1] = experts;
    const before = await lastSeq();
    const payload = declaration(evaluationId, mid(e0!), names());
    // Signed with another member's key, under e0's own certificate.
    const forged = { ...(await sign(e1!, payload)), certificateSerial: e0!.keys.serial };
    const ctx = await ctxOf(t, e0!);
    await failsWith(
      service().declare(ctx, { evaluationId, eventId: randomUUID(), payload, ...forged }),
      422,
      'SIGNATURE_INVALID',
    );
    // A valid signature, but by a certificate that is not e0's.
    await failsWith(
      service().declare(ctx, { evaluationId, eventId: randomUUID(), payload, ...(await sign(e1!, payload)) }),
      422,
      'CERTIFICATE_INVALID',
    );
    const wrongBidders = declaration(evaluationId, mid(e0!), names().slice(1));
    await failsWith(service().declare(ctx, await signedInput(e0!, wrongBidders)), 422, 'BIDDERS_MISMATCH');
    const otherMember = declaration(evaluationId, mid(e1!), names());
    await failsWith(service().declare(ctx, await signedInput(e0!, otherMember)), 422, 'PAYLOAD_MISMATCH');
    assert.equal((await memberOf(t, evaluationId, e0!.userId)).state, 'seated');
    assert.equal(await lastSeq(), before, 'nothing logged');
  });

  it('takes a good declaration once, and a vote only from a member who declared', async () => {
    const [e0, e1] = experts;
    await failsWith(vote(e0!, e0!), 409, 'NOT_DECLARED', 'a vote before declaring');
    const step = (await declare(e0!)) as Step;
    assert.equal(step.replayed, false);
    const member = await memberOf(t, evaluationId, e0!.userId);
    assert.equal(member.state, 'declared');
    assert.ok(member.declaration?.includes('"conflict":false'));
    assert.equal(member.certificateSerial, e0!.keys.serial);
    await failsWith(declare(e0!), 409, 'ALREADY_DECLARED');
    await failsWith(vote(e0!, e1!), 409, 'CANDIDATE_NOT_DECLARED', 'a vote for a member not declared');
    for (const u of [e1!, experts[2]!, rep]) await declare(u);
  });

  it('replaces a member who declares a conflict through the draw, and seats the redrawn expert', async () => {
    replaced = experts[3]!;
    const before = await t.platform.events.store.lastSeq();
    await declare(replaced, { conflict: true });
    const row = await memberOf(t, evaluationId, replaced.userId);
    assert.equal(row.state, 'replaced');
    assert.ok(row.replacedReason);
    const after = await t.platform.events.read(before, 100, { tenderId: scene.tender.id });
    const types = after.map((e) => e.type);
    assert.ok(types.includes('expert-draw.recused'), types.join());
    assert.ok(types.includes('evaluation.member-replaced'), types.join());
    const invited = after.find((e) => e.type === 'expert-draw.invited');
    assert.ok(invited && invited.type === 'expert-draw.invited');
    newcomer = scene.users.get(invited.data.expertUserId!)!;
    assert.ok(newcomer, 'the redrawn expert is one of the spares');

    // A replaced member is refused everything, with its own code.
    await failsWith(vote(replaced, experts[0]!), 409, 'MEMBER_REPLACED');
    const snap = await api(replaced).get(`/evaluations/${evaluationId}`);
    assert.equal(snap.status, 409);
    assert.equal(snap.body.error.code, 'MEMBER_REPLACED');

    // The new expert confirms as any drawn expert; the evaluation seats them.
    const confirmed = await api(newcomer).post(`/expert-draws/${scene.drawId}/response`, {
      decision: 'confirm',
    });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    await t.platform.events.consumers.drain('evaluation-creation');
    const seat = await memberOf(t, evaluationId, newcomer.userId);
    assert.equal(seat.state, 'seated');
    assert.equal(seat.kind, 'expert');
    memberIds.set(newcomer.userId, seat.id);
    const joined = await t.platform.events.read(before, 200, { types: ['evaluation.member-joined'] });
    assert.ok(joined.some((e) => e.type === 'evaluation.member-joined' && e.data.memberId === seat.id));
    const log = await service().logOf((await ctxOf(t, scene.supervisor)).actor!, evaluationId);
    assert.equal(log.items.at(-1)?.kind, 'member-joined');
  });

  it('elects the leader by more than half of the seats; only the leader moves on, once the committee is complete', async () => {
    const [e0, e1, e2] = experts;
    await failsWith(advance(e0!, 'forming'), 403, 'NOT_LEADER', 'no leader yet');
    await vote(e0!, e0!);
    await vote(e1!, e0!);
    assert.equal((await evaluationOf(t, scene.tender.id)).leaderMemberId, null, '2 of 5 seats is not enough');
    await vote(e2!, e0!);
    assert.equal((await evaluationOf(t, scene.tender.id)).leaderMemberId, mid(e0!), '3 of 5 seats');
    leader = e0!;
    const elected = await t.platform.events.read(0, 1000, { types: ['evaluation.leader-elected'] });
    assert.equal(elected.filter((e) => e.tenderId === scene.tender.id).length, 1);
    await vote(rep, e0!); // a vote after the election is recorded and changes nothing
    await failsWith(advance(e1!, 'forming'), 403, 'NOT_LEADER');
    // The redrawn expert has not declared yet: a seat is not filled.
    const incomplete = await failsWith(advance(leader, 'forming'), 409, 'COMMITTEE_INCOMPLETE');
    assert.equal((incomplete.details as { undeclared: number }).undeclared, 1);
    await declare(newcomer);
    const eventId = randomUUID();
    const moved = (await advance(leader, 'forming', eventId)) as Step;
    assert.equal(moved.replayed, false);
    const retried = (await advance(leader, 'forming', eventId)) as Step;
    assert.deepEqual(retried, { seq: moved.seq, replayed: true }, 'a retry returns the first answer');
    await failsWith(advance(leader, 'forming'), 409, 'STEP_CHANGED', 'a second click with a new id');
    assert.equal((await evaluationOf(t, scene.tender.id)).step, 'review');
    await failsWith(vote(e1!, e1!), 409, 'WRONG_STEP', 'votes after forming');
    const repAdd = await api(scene.tenderee).post(`/evaluations/${evaluationId}/representatives`, {
      userId: scene.representatives[1]!.userId,
    });
    assert.equal(repAdd.status, 409);
    assert.equal(repAdd.body.error.code, 'WRONG_STEP');
  });

  it('takes review sheets for admitted bids only, each fail with its reason, and decides each bid by majority', async () => {
    const active = () => [experts[0]!, experts[1]!, experts[2]!, rep, newcomer];
    await failsWith(review(leader, 4), 409, 'BID_REJECTED', 'a sheet for the bid above the maximum price');
    const noReason = await failsWith(
      review(leader, 0, { licence: { pass: false }, bond: { pass: true } }),
      422,
      'VALIDATION_FAILED',
    );
    assert.match(noReason.message, /营业执照/);
    await failsWith(
      review(leader, 0, { licence: { pass: true } }),
      422,
      'VALIDATION_FAILED',
      'a criterion missing',
    );
    await failsWith(review(replaced, 0), 409, 'MEMBER_REPLACED', "a replaced member's sheet");

    const fail = { licence: { pass: false, reason: '营业执照已过期' }, bond: { pass: true } };
    // A (bid 0): everyone passes. B (bid 1): three of five fail it. C (bid 2): two of five fail it.
    // D (bid 3): four pass, the last member first fails it and then, in a second version, passes it.
    for (const u of active()) {
      await review(u, 0);
      await review(u, 1, [experts[0], experts[1], experts[2]].includes(u) ? fail : allPass(PLAN));
      await review(u, 2, [rep, newcomer].includes(u) ? fail : allPass(PLAN));
    }
    for (const u of active().slice(0, 3)) await review(u, 3);
    const missing = await failsWith(advance(leader, 'review'), 409, 'SHEETS_MISSING');
    assert.equal((missing.details as unknown[]).length, 2, 'two members owe D');
    await review(rep, 3);
    await review(newcomer, 3, fail);
    await review(newcomer, 3);
    const Sheet = t.platform.db.sequelize.models.EvaluationSheet!;
    assert.equal(
      await Sheet.count({
        where: { evaluationId, memberId: mid(newcomer), bidId: bidIds[3]!, kind: 'review' },
      }),
      2,
      'the resubmission is a second version, the first kept',
    );
    await advance(leader, 'review');
    const snap = await evaluation().build((await ctxOf(t, leader)).actor!, evaluationId);
    const outcome = new Map(snap.bids.map((b) => [b.bidId, b.reviewOutcome]));
    assert.deepEqual(
      bidIds.map((id) => outcome.get(id)),
      ['pass', 'fail', 'pass', 'pass', null],
    );
    assert.equal(snap.step, 'clarification');
  });

  it('asks one bidder through the leader; the bidder answers before the deadline only, once', async () => {
    const now = t.clock.now().getTime();
    const deadline = new Date(now + 3600_000);
    const ask = async (
      u: CommitteeUser,
      bid: number,
      at: Date = deadline,
      question = '请说明报价明显偏低的理由',
    ) =>
      service().clarify(await ctxOf(t, u), {
        evaluationId,
        eventId: randomUUID(),
        bidId: bidIds[bid]!,
        question,
        answerDeadline: at.toISOString(),
      });
    await failsWith(ask(experts[1]!, 3), 403, 'NOT_LEADER');
    await failsWith(
      ask(leader, 3, new Date(now)),
      422,
      'DEADLINE_PASSED',
      'a deadline now is not in the future',
    );
    await failsWith(ask(leader, 4), 409, 'BID_REJECTED');
    await ask(leader, 3);
    await ask(leader, 3, deadline, '请说明工期安排');
    await failsWith(advance(leader, 'clarification'), 409, 'CLARIFICATION_OPEN');

    const bidderD = scene.bids[3]!.bidder.user;
    const bidderA = scene.bids[0]!.bidder.user;
    const inbox = await api(bidderD).get('/evaluation-clarifications');
    assert.equal(inbox.status, 200);
    assert.equal(inbox.body.items.length, 2);
    assert.ok(
      inbox.body.items.every((c: { bidderName: string }) => c.bidderName === scene.bids[3]!.bidder.name),
    );
    assert.equal((await api(bidderA).get('/evaluation-clarifications')).body.items.length, 0);
    assert.equal((await api(experts[0]!).get('/evaluation-clarifications')).status, 403);
    const items = inbox.body.items as { id: string; question: string }[];
    const first = items.find((c) => c.question === '请说明报价明显偏低的理由');
    const second = items.find((c) => c.question === '请说明工期安排');
    const body = { answer: '我方采用自有设备，成本可控。', noChangeOfSubstance: true };
    const answer = (user: TestUser, id: string, b: object = body) =>
      api(user).post(`/evaluation-clarifications/${id}/answer`, b);

    const foreign = await answer(bidderA, first!.id);
    assert.equal(foreign.status, 404, 'another bidder does not see the question');
    assert.equal((await answer(bidderD, first!.id, { answer: 'x' })).status, 422, 'without the confirmation');

    t.clock.set(new Date(deadline.getTime() - 1));
    const answered = await answer(bidderD, first!.id);
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.equal(answered.body.answer, body.answer);
    const again = await answer(bidderD, first!.id);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'CLARIFICATION_ANSWERED');
    await failsWith(
      advance(leader, 'clarification'),
      409,
      'CLARIFICATION_OPEN',
      'the second is open to its deadline',
    );

    t.clock.set(deadline); // the deadline itself is too late
    const late = await answer(bidderD, second!.id);
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'CLARIFICATION_CLOSED');
    await advance(leader, 'clarification');
    const log = await service().logOf((await ctxOf(t, scene.supervisor)).actor!, evaluationId);
    const kinds = log.items.map((e) => e.kind);
    assert.equal(kinds.filter((k) => k === 'clarification-asked').length, 2);
    assert.equal(kinds.filter((k) => k === 'clarification-answered').length, 1);
  });

  it('lets members read the opened bids while the evaluation runs, and nobody else', async () => {
    const sits = (u: TestUser) =>
      ctxOf(t, u).then((c) => service().sitsOnRunningEvaluation(c.actor!, scene.tender.id));
    assert.equal(await sits(leader), true);
    assert.equal(await sits(rep), true);
    assert.equal(await sits(replaced), false, 'a replaced member');
    assert.equal(await sits(scene.spares.find((s) => s.userId !== newcomer.userId)!), false, 'a pool expert');
    const read = await api(experts[1]!).get(`/bids/${bidIds[0]}/opened`);
    assert.equal(read.status, 200, JSON.stringify(read.body));
    const stranger = await api(scene.spares.find((s) => s.userId !== newcomer.userId)!).get(
      `/bids/${bidIds[0]}/opened`,
    );
    assert.ok([403, 404].includes(stranger.status), `a pool expert reading: ${stranger.status}`);
  });

  it('answers the REST routes by role: members, leader, supervisors and observers; 404 to everyone else', async () => {
    const outsider = scene.spares.find((s) => s.userId !== newcomer.userId)!;
    const bidder = scene.bids[0]!.bidder.user;
    const audiences: [string, TestUser, string | null][] = [
      ['leader', leader, 'leader'],
      ['member', experts[1]!, 'member'],
      ['representative', rep, 'member'],
      ['supervisor', scene.supervisor, 'supervisor'],
      ['agency', scene.agency, 'observer'],
      ['tenderee', scene.tenderee, 'observer'],
      ['bidder', bidder, null],
      ['pool expert', outsider, null],
      ['replaced', replaced, null],
    ];
    for (const [who, user, audience] of audiences) {
      const list = await api(user).get('/evaluations');
      assert.equal(list.status, 200, who);
      const mine = (list.body.items as { evaluationId: string; audience: string }[]).find(
        (e) => e.evaluationId === evaluationId,
      );
      assert.equal(mine?.audience ?? null, audience, `${who} in the list`);
      const one = await api(user).get(`/evaluations/${evaluationId}`);
      const log = await api(user).get(`/evaluations/${evaluationId}/log?after=1`);
      if (audience) {
        assert.equal(one.status, 200, `${who}: ${JSON.stringify(one.body)}`);
        assert.equal(one.body.you.audience, audience, who);
        assert.equal(log.status, 200, who);
        assert.ok(log.body.items.length > 0 && log.body.items[0].seq === 2, `${who}: the log after 1`);
        const withActor = log.body.items.some((e: { actor?: unknown; ip?: unknown }) => e.actor && e.ip);
        assert.equal(withActor, audience === 'supervisor', `${who}: actor and address for supervisors only`);
      } else {
        const expected = who === 'replaced' ? [409, 'MEMBER_REPLACED'] : [404, 'NOT_FOUND'];
        assert.deepEqual([one.status, one.body.error?.code], expected, `${who} reading it`);
        assert.deepEqual([log.status, log.body.error?.code], expected, `${who} reading its log`);
      }
    }
    assert.equal((await api(null).get('/evaluations')).status, 401);
    assert.equal((await api(scene.supervisor).get(`/evaluations/${randomUUID()}`)).status, 404);
    const supervised = await api(scene.supervisor).get(`/evaluations/${evaluationId}/log`);
    // Created from the announcement's event: the log names who announced (the agency), from where.
    assert.equal(supervised.body.items[0].actor.role, 'agency');
    const declared = supervised.body.items.find((e: { kind: string }) => e.kind === 'declared');
    assert.equal(declared.ip, '198.51.100.7');
    assert.equal(declared.actor.userId, experts[0]!.userId);
  });

  it('audits every step in the chain', async () => {
    const Audit = t.platform.db.sequelize.models.AuditEntry!;
    const entries = await Audit.findAll({ where: { subject: `evaluation:${evaluationId}` } });
    const actions = new Set(entries.map((e) => e.get('action') as string));
    for (const a of [
      'evaluation.created',
      'evaluation.declared',
      'evaluation.member-joined',
      'evaluation.leader-vote',
      'evaluation.step-changed',
      'evaluation.sheet-submitted',
      'evaluation.clarification-asked',
      'evaluation.clarification-answered',
    ])
      assert.ok(actions.has(a), `${a} audited`);
    assert.equal(entries.length, await lastSeq(), 'one audit entry per log entry');
  });
});

describe('evaluation creation: the draw announced after, or before, the opening completed', function () {
  this.timeout(240_000);
  let t: TestPlatform;
  before(async () => {
    t = await createTestPlatform();
  });
  after(() => t?.close());

  it('creates the evaluation when the draw is announced after the opening', async () => {
    const scene = await evaluationScene(t, { announce: false, bidders: 3 });
    await t.platform.events.consumers.drain('evaluation-creation');
    const Evaluation = t.platform.db.sequelize.models.Evaluation!;
    assert.equal(
      await Evaluation.count({ where: { tenderId: scene.tender.id } }),
      0,
      'not before the announcement',
    );
    await scene.announce();
    const created = await evaluationOf(t, scene.tender.id);
    assert.equal((await membersOf(t, created.id)).length, 5);
  });

  it('creates the evaluation when the opening completes after the announcement', async () => {
    const w = await openingWorld(t, 3);
    const tender = await openingTender(t, w);
    for (const b of w.bidders) await submitTestBid(t, tender, b);
    // The pool and the draw before the deadline: experts may be drawn from publication on.
    const pool: PoolExpertUser[] = [];
    for (let i = 0; i < 6; i++) pool.push(await expertWithLogin(t, w.admin, expertRow()));
    const Evaluation = t.platform.db.sequelize.models.Evaluation!;
    // The other scene's experts are not this draw's to seat.
    const ours = new Set(pool.map((p) => p.expertId));
    const taken = (await t.platform.db.sequelize.models.Expert!.findAll({ attributes: ['id'] }))
      .map((e) => e.get('id') as string)
      .filter((id) => !ours.has(id));
    const drawReq = await request(t.app)
      .post(`/api/v1/tenders/${tender.id}/expert-draws`)
      .set(bearer(w.tenderee.token))
      .send({
        sectionId: tender.sections[0]!.id,
        supervisorUserId: w.supervisor.userId,
        localRegionPrefix: '4501',
        slots: [
          { specialty: 'A0802', count: tender.sections[0]!.evaluationPlan.committee.experts, remote: 0 },
        ],
        exclusions: taken.map((expertId) => ({ expertId, reason: '其他测试场景的专家' })),
        evaluationDate: '2026-03-01',
        place: '远程异地评标室',
      });
    assert.equal(drawReq.status, 201, JSON.stringify(drawReq.body));
    const drawId = drawReq.body.id as string;
    await request(t.app)
      .post(`/api/v1/expert-draws/${drawId}/witness`)
      .set(bearer(w.supervisor.token))
      .send({ entropy: 'beef' })
      .expect(200);
    await request(t.app).post(`/api/v1/expert-draws/${drawId}/run`).set(bearer(w.tenderee.token)).expect(200);
    const drawn = await request(t.app).get(`/api/v1/expert-draws/${drawId}`).set(bearer(w.supervisor.token));
    for (const m of drawn.body.members as { expertId: string; status: string }[]) {
      if (m.status !== 'invited') continue;
      const user = pool.find((p) => p.expertId === m.expertId);
      assert.ok(user, 'a drawn expert of this pool');
      await request(t.app)
        .post(`/api/v1/expert-draws/${drawId}/response`)
        .set(bearer(user.token))
        .send({ decision: 'confirm' })
        .expect(200);
    }
    await request(t.app)
      .post(`/api/v1/expert-draws/${drawId}/announcement`)
      .set(bearer(w.tenderee.token))
      .expect(200);
    await t.platform.events.consumers.drain('evaluation-creation');
    assert.equal(await Evaluation.count({ where: { tenderId: tender.id } }), 0, 'no opening yet');

    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 5_000));
    await relogin(t, w);
    for (const i of [0, 1]) {
      const res = await releaseShares(t, tender.id, w.custodians[i]!, w.custodianKeys[i]!);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    await testRunner(t).run();
    assert.equal((await t.platform.tenders.find(tender.id))!.status, 'evaluating');
    const created = await evaluationOf(t, tender.id);
    assert.equal(created.drawId, drawId);
    assert.equal(
      (await membersOf(t, created.id)).length,
      tender.sections[0]!.evaluationPlan.committee.experts,
    );
    const stream = await t.platform.events.read(0, 1000, {
      types: ['evaluation.created'],
      tenderId: tender.id,
    });
    assert.equal(stream.length, 1);
  });
});

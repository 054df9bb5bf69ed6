import assert from 'node:assert/strict';
import request from 'supertest';
import { verifyDraw, type DrawRecord } from '../expert-pool/index.js';
import type { RequestContext } from '../src/platform/auth/roles.js';
import { AppError } from '../src/platform/errors.js';
import { bearer } from './helpers/api.js';
import { drawnDraw, drawWorld, seated, userOf, type DrawWorld } from './helpers/experts.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

const MINUTE = 60_000;
const REASON = '本人配偶在投标人处任职，申请回避';

/**
 * A member of the announced committee who declares a conflict with a bidder (SS Art.48, docs/domain.md §4)
 * is recused and the seat redrawn in the draw's own record chain, after the secret was revealed; the
 * replacement answers as any drawn expert, and the evaluation reads the committee through the port.
 */
describe('expert draw: replacement of a conflicted member after the announcement', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let world: DrawWorld;
  let drawId: string;
  const events: { name: string; payload: Record<string, unknown> }[] = [];

  const port = () => t.platform.experts.forEvaluation;
  const post = (path: string, token: string, body: object = {}) =>
    request(t.app).post(`/api/v1${path}`).set(bearer(token)).send(body);
  const answer = (expertId: string, decision: 'confirm' | 'decline', reason?: string) =>
    post(`/expert-draws/${drawId}/response`, userOf(world, expertId).token, { decision, reason });
  /** The evaluation calls the port on behalf of the member who declared, from their own connection. */
  const ctxOf = (expertId: string): RequestContext => {
    const user = userOf(world, expertId);
    return {
      actor: {
        userId: user.userId,
        username: user.username,
        displayName: user.username,
        role: 'expert',
        partyId: null,
        sessionId: 'evaluation-socket',
        sessionExpiresAt: new Date(t.clock.now().getTime() + 3600_000),
      },
      ip: '203.0.113.7',
      requestId: `declare-${expertId}`,
    };
  };
  const recuse = (expertId: string, reason = REASON) =>
    port().replaceForConflict(ctxOf(expertId), drawId, expertId, reason);
  const rows = () => t.platform.experts.draws.members(drawId);
  const committeeIds = async () =>
    (await port().committee(world.tender.id, world.tender.sections[0]!.id))!.members.map((m) => m.expertId);
  const rejects = async (work: Promise<unknown>, status: number, code: string) => {
    await assert.rejects(work, (err: unknown) => {
      assert.ok(err instanceof AppError, String(err));
      assert.equal(err.status, status);
      assert.equal(err.code, code);
      return true;
    });
  };
  const verifies = async () => {
    const record = (await request(t.app).get(`/api/v1/expert-draws/${drawId}/record`).expect(200))
      .body as DrawRecord;
    assert.deepEqual(verifyDraw(record), { ok: true, problems: [] });
    const server = await request(t.app).get(`/api/v1/expert-draws/${drawId}/verification`).expect(200);
    assert.deepEqual(server.body, { ok: true, problems: [] });
    return record;
  };

  before(async () => {
    t = await createTestPlatform();
    world = await drawWorld(t, { local: 6, remote: 2 });
    t.platform.events.onAny((name, payload) => {
      if (name.startsWith('expert-draw.')) events.push({ name, payload: payload as Record<string, unknown> });
    });
  });
  after(() => t.close());

  it('has no committee before an announcement', async () => {
    assert.equal(await port().committee(world.tender.id, world.tender.sections[0]!.id), null);
  });

  it('returns the announced committee with each expert’s login and name', async () => {
    drawId = await drawnDraw(t, world, { respondMinutes: 30 });
    const members = await seated(t, world, drawId);
    // Drawn, not announced: still no committee, and no recusal either (the draw's own answers apply).
    for (const m of members) await answer(m.expertId, 'confirm').expect(200);
    assert.equal(await port().committee(world.tender.id, world.tender.sections[0]!.id), null);
    await rejects(recuse(members[0]!.expertId), 409, 'DRAW_NOT_ANNOUNCED');
    await post(`/expert-draws/${drawId}/announcement`, world.agency.token).expect(200);

    const committee = await port().committee(world.tender.id, world.tender.sections[0]!.id);
    assert.equal(committee!.drawId, drawId);
    const byId = (a: { expertId: string }, b: { expertId: string }) => (a.expertId < b.expertId ? -1 : 1);
    assert.deepEqual(
      [...committee!.members].sort(byId),
      members
        .map((m) => {
          const user = userOf(world, m.expertId);
          return { expertId: m.expertId, userId: user.userId, name: user.row.name };
        })
        .sort(byId),
    );
  });

  it('recuses a member, redraws the seat, and the replacement confirms on the announced draw', async () => {
    const before = await committeeIds();
    const local = (await rows()).find((m) => m.locality === 'local' && m.status === 'confirmed')!;
    events.length = 0;
    await recuse(local.expertId);

    const after = await rows();
    const recused = after.find((m) => m.expertId === local.expertId)!;
    assert.equal(recused.status, 'recused');
    assert.equal(recused.declineReason, REASON);
    const replacement = after.find((m) => m.step === 1)!;
    assert.ok(replacement, 'a replacement is seated');
    assert.equal(replacement.status, 'invited');
    assert.equal(replacement.slot, local.slot);
    assert.equal(replacement.locality, 'local');
    assert.ok(!before.includes(replacement.expertId));
    assert.deepEqual(
      events.map((e) => e.name),
      ['expert-draw.recused', 'expert-draw.invited', 'expert-draw.redrawn'],
    );
    assert.equal(events[0]!.payload.expertId, local.expertId);
    assert.equal(events[2]!.payload.replaced, local.expertId);

    // Until the replacement confirms, the committee is the two others.
    assert.deepEqual(
      await committeeIds(),
      before.filter((id) => id !== local.expertId),
    );
    const invitations = await request(t.app)
      .get('/api/v1/experts/me/invitations')
      .set(bearer(userOf(world, replacement.expertId).token))
      .expect(200);
    assert.equal(invitations.body.items[0].status, 'invited');

    events.length = 0;
    const confirmed = await answer(replacement.expertId, 'confirm');
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.deepEqual(
      events.map((e) => e.name),
      ['expert-draw.confirmed'],
    );
    await answer(replacement.expertId, 'confirm').expect(409);
    // The replacement takes the recused member's place in seat order.
    assert.deepEqual(
      await committeeIds(),
      before.map((id) => (id === local.expertId ? replacement.expertId : id)),
    );
    // The public view shows the committee as it now stands, the recused member out of it.
    const view = await request(t.app).get(`/api/v1/expert-draws/${drawId}`).expect(200);
    const shown = view.body.members.map((m: { expertId: string }) => m.expertId).sort();
    assert.deepEqual(shown, (await committeeIds()).sort());

    const record = await verifies();
    assert.deepEqual(
      record.steps.map((s) => [s.kind, s.replaces ?? null]),
      [
        ['initial', null],
        ['redraw', local.expertId],
      ],
    );
    const audit = await t.platform.models.AuditEntry.findAll({
      where: { subject: `expert-draw:${drawId}`, action: 'expert-draw.recuse' },
    });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actorUserId, userOf(world, local.expertId).userId);
    assert.deepEqual(JSON.parse(audit[0]!.data), { expertId: local.expertId, reason: REASON });
  });

  it('refuses those who are not confirmed members, and changes nothing', async () => {
    const all = await rows();
    const recused = all.find((m) => m.status === 'recused')!;
    const outsider = world.experts.find((e) => !all.some((m) => m.expertId === e.expertId))!;
    const auditBefore = await t.platform.models.AuditEntry.count();
    await rejects(recuse(recused.expertId), 422, 'NOT_A_MEMBER');
    await rejects(recuse(outsider.expertId), 422, 'NOT_A_MEMBER');
    const member = all.find((m) => m.status === 'confirmed')!;
    await rejects(recuse(member.expertId, ' '), 422, 'VALIDATION_FAILED');
    await rejects(
      port().replaceForConflict(ctxOf(member.expertId), world.tender.id, member.expertId, REASON),
      404,
      'NOT_FOUND',
    );
    assert.equal(await t.platform.models.AuditEntry.count(), auditBefore);
    assert.deepEqual(
      (await rows()).map((m) => m.status),
      all.map((m) => m.status),
    );
  });

  it('runs in the caller’s transaction: rolled back with it', async () => {
    const member = (await rows()).find((m) => m.step === 1)!;
    await assert.rejects(
      t.platform.db.transaction(async (tx) => {
        await port().replaceForConflict(ctxOf(member.expertId), drawId, member.expertId, REASON, tx);
        throw new Error('the evaluation failed after the recusal');
      }),
      /evaluation failed/,
    );
    assert.equal((await rows()).find((m) => m.expertId === member.expertId)!.status, 'confirmed');
    assert.equal((await rows()).length, 4);
  });

  it('replaces the same seat again; declines and timeouts of a replacement redraw as before', async () => {
    const first = (await rows()).find((m) => m.step === 1)!;
    await t.platform.db.transaction((tx) =>
      port().replaceForConflict(ctxOf(first.expertId), drawId, first.expertId, REASON, tx, {
        bidderUsccs: ['91450100MA5L000001'],
      }),
    );
    const draw = await t.platform.models.ExpertDraw.findByPk(drawId);
    assert.ok((JSON.parse(draw!.bidderUsccs) as string[]).includes('91450100MA5L000001'));
    const second = (await rows()).find((m) => m.step === 2)!;
    assert.equal(second.status, 'invited');

    await answer(second.expertId, 'decline', '当天另有评标任务').expect(200);
    const third = (await rows()).find((m) => m.step === 3)!;
    assert.equal(third.status, 'invited');
    t.clock.advance(31 * MINUTE);
    await answer(third.expertId, 'confirm').expect(409);
    assert.equal(await t.platform.experts.answers.expireDue(), 1);
    const fourth = (await rows()).find((m) => m.step === 4)!;
    await answer(fourth.expertId, 'confirm').expect(200);

    const committee = await committeeIds();
    assert.equal(committee.length, 3);
    assert.ok(committee.includes(fourth.expertId));
    for (const gone of [first, second, third]) assert.ok(!committee.includes(gone.expertId));
    const record = await verifies();
    assert.deepEqual(
      record.steps.slice(2).map((s) => s.replaces),
      [first.expertId, second.expertId, third.expertId],
    );
  });

  it('leaves the seat vacant when nobody eligible is left, and says so', async () => {
    // Six local experts: two first seated, four replacements since. The local seat has no one left.
    const last = (await rows()).find((m) => m.step === 4)!;
    events.length = 0;
    await recuse(last.expertId);
    assert.deepEqual(
      events.map((e) => e.name),
      ['expert-draw.recused', 'expert-draw.short'],
    );
    assert.equal((await committeeIds()).length, 2);
    await verifies();
  });
});

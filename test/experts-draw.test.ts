import assert from 'node:assert/strict';
import request from 'supertest';
import { verifyDraw, type DrawRecord } from '../expert-pool/index.js';
import { bearer, createStaff } from './helpers/api.js';
import {
  drawBody,
  drawnDraw,
  drawWorld,
  expertRow,
  expertWithLogin,
  seated,
  userOf,
  type DrawWorld,
} from './helpers/experts.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

const MINUTE = 60_000;

describe('expert draw: commit, witness, run, answers, redraws, announcement', function () {
  // The world (a published tender and eight experts with logins) takes over 20 s on a loaded MariaDB runner.
  this.timeout(120_000);
  let t: TestPlatform;
  let world: DrawWorld;
  const events: string[] = [];
  const get = (path: string, token?: string) => {
    const r = request(t.app).get(`/api/v1${path}`);
    return token ? r.set(bearer(token)) : r;
  };
  const post = (path: string, token: string, body: object = {}) =>
    request(t.app).post(`/api/v1${path}`).set(bearer(token)).send(body);
  const answer = (drawId: string, expertId: string, decision: 'confirm' | 'decline', reason?: string) =>
    post(`/expert-draws/${drawId}/response`, userOf(world, expertId).token, { decision, reason });
  const auditActions = async (drawId: string) =>
    (
      await t.platform.models.AuditEntry.findAll({
        where: { subject: `expert-draw:${drawId}` },
        order: [['seq', 'ASC']],
      })
    ).map((e) => e.action);

  before(async () => {
    t = await createTestPlatform();
    world = await drawWorld(t, { local: 6, remote: 2 });
    t.platform.events.onAny((name) => {
      if (name.startsWith('expert')) events.push(name);
    });
  });
  after(() => t.close());

  it('names the shortfall per specialty and locality when too few experts are eligible', async () => {
    const created = await post(
      `/tenders/${world.tender.id}/expert-draws`,
      world.agency.token,
      drawBody(world, { slots: [{ specialty: 'A0802', count: 4, remote: 3 }] }),
    ).expect(201);
    const id = created.body.id as string;
    await post(`/expert-draws/${id}/witness`, world.supervisor.token).expect(200);
    const res = await post(`/expert-draws/${id}/run`, world.agency.token);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'DRAW_SHORTFALL');
    assert.deepEqual(res.body.error.details.shortfalls, [
      { specialty: 'A0802', locality: 'remote', needed: 3, available: 2 },
    ]);
    const after = await get(`/expert-draws/${id}`, world.supervisor.token).expect(200);
    assert.equal(after.body.status, 'witnessed', 'nothing was drawn');
    assert.deepEqual(after.body.members, []);
    assert.deepEqual(await auditActions(id), [
      'expert-draw.request',
      'expert-draw.witness',
      'expert-draw.shortfall',
    ]);
  });

  it('runs the whole protocol, sealed until announced, and the announced record verifies', async () => {
    const created = await post(
      `/tenders/${world.tender.id}/expert-draws`,
      world.agency.token,
      drawBody(world),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    assert.equal(created.body.status, 'committed');
    assert.match(created.body.commitment, /^[0-9a-f]{64}$/);
    assert.equal(created.body.secret, null, 'the secret is sealed');
    const stored = await t.platform.models.ExpertDraw.findByPk(id);
    assert.ok(!stored!.secretCipher.match(/^[0-9a-f]{64}$/), 'not even the database holds it in clear');

    // The supervisor sees the commitment and witnesses with entropy; nobody else may.
    const seen = await get(`/expert-draws/${id}`, world.supervisor.token).expect(200);
    assert.equal(seen.body.commitment, created.body.commitment);
    await post(`/expert-draws/${id}/witness`, world.agency.token, { entropy: 'ab' }).expect(403);
    await post(`/expert-draws/${id}/run`, world.agency.token).expect(409);
    await post(`/expert-draws/${id}/witness`, world.supervisor.token, { entropy: 'C0FFEE' }).expect(200);
    await post(`/expert-draws/${id}/witness`, world.supervisor.token, { entropy: '' }).expect(409);

    const run = await post(`/expert-draws/${id}/run`, world.agency.token);
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal(run.body.members, null, 'the agency sees no names');
    assert.deepEqual(run.body.counts, {
      seats: 3,
      invited: 3,
      confirmed: 0,
      declined: 0,
      timedOut: 0,
      vacant: 0,
    });
    const tenderee = await get(`/expert-draws/${id}`, world.tenderee.token).expect(200);
    assert.equal(tenderee.body.members, null, 'nor does the tenderee');
    assert.equal(tenderee.body.counts.invited, 3);
    const members = await seated(t, world, id);
    assert.equal(members.length, 3);
    const localities = (await get(`/expert-draws/${id}`, world.supervisor.token)).body.members.map(
      (m: { locality: string }) => m.locality,
    );
    assert.deepEqual(localities.sort(), ['local', 'local', 'remote']);
    assert.ok(!JSON.stringify(tenderee.body).includes(userOf(world, members[0]!.expertId).row.name));

    // A drawn expert sees their own seat and has a message; an expert not drawn does not see the draw.
    const drawn = userOf(world, members[0]!.expertId);
    const own = await get(`/expert-draws/${id}`, drawn.token).expect(200);
    assert.deepEqual(
      own.body.members.map((m: { expertId: string }) => m.expertId),
      [drawn.expertId],
    );
    const notDrawn = world.experts.find((e) => !members.some((m) => m.expertId === e.expertId))!;
    await get(`/expert-draws/${id}`, notDrawn.token).expect(404);
    await get(`/expert-draws/${id}`).expect(404);
    await get(`/expert-draws/${id}/record`, world.agency.token).expect(404);
    const inbox = await get('/experts/me/inbox', drawn.token).expect(200);
    assert.equal(inbox.body.items[0].drawId, id);
    // The message is read by a person: the time to answer in Beijing time, not an ISO instant.
    const respondBy = (await get('/experts/me/invitations', drawn.token).expect(200)).body.items[0].respondBy;
    const beijing = new Date(Date.parse(respondBy) + 8 * 3600_000).toISOString();
    const shown = `${beijing.slice(0, 4)}年${beijing.slice(5, 7)}月${beijing.slice(8, 10)}日 ${beijing.slice(11, 13)}时`;
    assert.ok(inbox.body.items[0].body.includes(`请于北京时间 ${shown}`), inbox.body.items[0].body);
    assert.doesNotMatch(inbox.body.items[0].body, /\d{4}-\d\d-\d\dT/);
    const invitations = await get('/experts/me/invitations', drawn.token).expect(200);
    assert.equal(invitations.body.items[0].status, 'invited');

    // Not everyone confirmed: no announcement yet.
    await post(`/expert-draws/${id}/announcement`, world.agency.token).expect(409);
    for (const m of members) await answer(id, m.expertId, 'confirm').expect(200);
    await answer(id, members[0]!.expertId, 'confirm').expect(409);
    await post(`/expert-draws/${id}/announcement`, world.tenderee.token).expect(403);
    const announced = await post(`/expert-draws/${id}/announcement`, world.agency.token);
    assert.equal(announced.status, 200);
    assert.match(announced.body.secret, /^[0-9a-f]{64}$/);

    // Now public: the committee's names and the record anyone can re-run.
    const open = await get(`/expert-draws/${id}`).expect(200);
    assert.equal(open.body.members.length, 3);
    assert.equal(open.body.members[0].name, userOf(world, open.body.members[0].expertId).row.name);
    const record = (await get(`/expert-draws/${id}/record`).expect(200)).body as DrawRecord;
    assert.equal(record.secret, announced.body.secret);
    assert.equal(record.entropy, 'c0ffee');
    assert.deepEqual(verifyDraw(record), { ok: true, problems: [] });
    assert.deepEqual((await get(`/expert-draws/${id}/verification`).expect(200)).body, {
      ok: true,
      problems: [],
    });
    const tampered = {
      ...record,
      steps: [{ ...record.steps[0]!, selected: [...record.steps[0]!.selected].reverse() }],
    };
    assert.equal(verifyDraw(tampered).ok, false);

    assert.deepEqual(await auditActions(id), [
      'expert-draw.request',
      'expert-draw.witness',
      'expert-draw.run',
      'expert-draw.confirm',
      'expert-draw.confirm',
      'expert-draw.confirm',
      'expert-draw.announce',
    ]);
    for (const name of ['requested', 'witnessed', 'drawn', 'invited', 'confirmed', 'announced']) {
      assert.ok(events.includes(`expert-draw.${name}`), name);
    }
  });

  it('redraws a declined seat at random in the same chain, and a timed-out one when the clock passes', async () => {
    const id = await drawnDraw(t, world, {
      slots: [{ specialty: 'A0802', count: 2, remote: 0 }],
      respondMinutes: 30,
    });
    const [first, second] = await seated(t, world, id);
    await answer(id, first!.expertId, 'decline').expect(422); // a decline needs a reason
    const declined = await answer(id, first!.expertId, 'decline', '当天另有评标任务');
    assert.equal(declined.status, 200);
    let now = await seated(t, world, id);
    assert.equal(now.length, 2);
    const replacement = now.find((m) => m.step === 1)!;
    assert.ok(replacement && replacement.expertId !== first!.expertId);
    assert.equal(now.filter((m) => m.expertId === first!.expertId).length, 0);

    // Past the time limit the expert can no longer answer; the scheduler's job times them out and redraws.
    await answer(id, replacement.expertId, 'confirm').expect(200);
    t.clock.advance(31 * MINUTE);
    const late = await answer(id, second!.expertId, 'confirm');
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'RESPONSE_TOO_LATE');
    assert.equal(await t.platform.experts.answers.expireDue(), 1);
    assert.equal(await t.platform.experts.answers.expireDue(), 0, 'done once');
    now = await seated(t, world, id);
    const third = now.find((m) => m.step === 2)!;
    assert.ok(third && ![first!.expertId, second!.expertId, replacement.expertId].includes(third.expertId));
    const supervisorView = await get(`/expert-draws/${id}`, world.supervisor.token).expect(200);
    assert.deepEqual(supervisorView.body.counts, {
      seats: 2,
      invited: 1,
      confirmed: 1,
      declined: 1,
      timedOut: 1,
      vacant: 0,
    });
    const record = (await get(`/expert-draws/${id}/record`, world.supervisor.token).expect(200))
      .body as DrawRecord;
    assert.equal(record.secret, null);
    assert.deepEqual(
      record.steps.map((s) => [s.kind, s.replaces ?? null]),
      [
        ['initial', null],
        ['redraw', first!.expertId],
        ['redraw', second!.expertId],
      ],
    );
    await answer(id, third.expertId, 'confirm').expect(200);
    await post(`/expert-draws/${id}/announcement`, world.agency.token).expect(200);
    const announced = (await get(`/expert-draws/${id}/record`).expect(200)).body as DrawRecord;
    assert.deepEqual(verifyDraw(announced), { ok: true, problems: [] });
    const actions = await auditActions(id);
    assert.ok(actions.includes('expert-draw.decline') && actions.includes('expert-draw.time-out'));
    assert.equal(actions.filter((a) => a === 'expert-draw.redraw').length, 2);
  });

  it('refuses malformed requests and requests for sections or witnesses that are not right', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ slots: [{ specialty: 'A0899', count: 1 }] }, 'DRAW_REQUEST_INVALID'],
      [{ slots: [{ specialty: 'A0802', count: 1, remote: 2 }] }, 'VALIDATION_FAILED'],
      [{ sectionId: world.tender.id }, 'UNKNOWN_SECTION'],
      [{ supervisorUserId: world.agency.userId }, 'NOT_A_SUPERVISOR'],
      [{ evaluationDate: '2026-02-30' }, 'VALIDATION_FAILED'],
    ];
    const before = await t.platform.models.ExpertDraw.count();
    for (const [override, code] of cases) {
      const res = await post(
        `/tenders/${world.tender.id}/expert-draws`,
        world.agency.token,
        drawBody(world, override),
      );
      assert.equal(res.status, 422, JSON.stringify(override));
      assert.equal(res.body.error.code, code);
    }
    // With an agency appointed, the tenderee does not request draws itself.
    await post(`/tenders/${world.tender.id}/expert-draws`, world.tenderee.token, drawBody(world)).expect(403);
    assert.equal(await t.platform.models.ExpertDraw.count(), before);
  });

  it('applies the avoidance rules: employer, declared conflict, unavailability, exclusions, suspension', async () => {
    const w = await drawWorld(t, { local: 0, remote: 0 });
    const admin = w.admin;
    const pool = [
      await expertWithLogin(
        t,
        admin,
        expertRow({ specialties: ['A0804'], employerUscc: w.tender.tenderee.uscc }),
      ),
      await expertWithLogin(t, admin, expertRow({ specialties: ['A0804'] })),
      await expertWithLogin(t, admin, expertRow({ specialties: ['A0804'] })),
      await expertWithLogin(t, admin, expertRow({ specialties: ['A0804'] })),
      await expertWithLogin(t, admin, expertRow({ specialties: ['A0804'] })),
      await expertWithLogin(t, admin, expertRow({ specialties: ['A080401'] })),
      await expertWithLogin(t, admin, expertRow({ specialties: ['A080402'] })),
      await expertWithLogin(t, admin, expertRow({ specialties: ['A0804', 'A0601'] })),
    ];
    await post('/experts/me/conflicts', pool[1]!.token, {
      partyUscc: w.tender.agency!.uscc,
      relation: '近亲属任职',
    }).expect(201);
    await request(t.app)
      .put('/api/v1/experts/me/unavailable-days')
      .set(bearer(pool[2]!.token))
      .send({ days: ['2026-02-20'] })
      .expect(200);
    await post(`/experts/${pool[4]!.expertId}/sanctions`, admin.token, {
      action: 'suspend',
      reason: '无故缺席评标',
    }).expect(201);
    const bidderEmployer = pool[5]!.row.employerUscc!;
    const id = await drawnDraw(
      t,
      { ...w, experts: pool },
      {
        slots: [{ specialty: 'A0804', count: 2, remote: 0 }],
        exclusions: [{ expertId: pool[3]!.expertId, reason: '与投标人有利害关系' }],
        bidderUsccs: [bidderEmployer],
      },
    );
    const drawn = (await get(`/expert-draws/${id}`, w.supervisor.token).expect(200)).body.members.map(
      (m: { expertId: string }) => m.expertId,
    );
    // The first six are each excluded by one rule (the sixth works for a bidder); A080402 is under A0804.
    assert.deepEqual(drawn.sort(), [pool[6]!.expertId, pool[7]!.expertId].sort());
  });

  it('rates committee members after the job; ratings drive the credit score', async () => {
    const id = await drawnDraw(t, world, { slots: [{ specialty: 'A0802', count: 1, remote: 0 }] });
    const [member] = await seated(t, world, id);
    const rate = (token: string, body: object) => post(`/expert-draws/${id}/ratings`, token, body);
    await rate(world.tenderee.token, { expertId: member!.expertId, score: 1 }).expect(409); // not announced yet
    await answer(id, member!.expertId, 'confirm').expect(200);
    await post(`/expert-draws/${id}/announcement`, world.agency.token).expect(200);
    const first = await rate(world.tenderee.token, {
      expertId: member!.expertId,
      score: 1,
      comment: '迟到一小时',
    });
    assert.equal(first.status, 201);
    assert.equal(first.body.creditScore, 56);
    await rate(world.tenderee.token, { expertId: member!.expertId, score: 5 }).expect(409);
    const second = await rate(world.supervisor.token, { expertId: member!.expertId, score: 1 }).expect(201);
    assert.equal(second.body.creditScore, 45);
    const other = world.experts.find((e) => e.expertId !== member!.expertId)!;
    await rate(world.supervisor.token, { expertId: other.expertId, score: 5 }).expect(422);
    await rate(world.agency.token, { expertId: member!.expertId, score: 5 }).expect(403);
    const otherSupervisor = await createStaff(t, 'supervisor', 'another-supervisor');
    await rate(otherSupervisor.token, { expertId: member!.expertId, score: 5 }).expect(404);
    await rate(world.tenderee.token, { expertId: member!.expertId, score: 6 }).expect(422);
    const list = await get(`/experts/${member!.expertId}/ratings`, world.admin.token).expect(200);
    assert.equal(list.body.items.length, 2);
    const expert = await get(`/experts/${member!.expertId}`, world.admin.token).expect(200);
    assert.equal(expert.body.creditScore, 45);
  });
});

import assert from 'node:assert/strict';
import request from 'supertest';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';

/**
 * Supervisory instructions (监督指令): a supervisor suspends a tender with a reason, which refuses every
 * trading-side action with 409 TENDER_SUSPENDED and the instruction's number until a resumption lifts it;
 * both publish a notice, are audited and are events. Wrong roles and bad bodies change nothing.
 */
describe('supervision instructions: suspending and resuming a tender', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let world: TenderWorld;
  let tender: TenderView;
  let year: number;
  const REASON = '接到实名投诉，招标文件设置排他性条款，需核查';

  const suspend = (token: string | null, body: unknown, id = tender.id) => {
    const r = request(t.app).post(`/api/v1/supervision/tenders/${id}/suspension`);
    return (token ? r.set(bearer(token)) : r).send(body as object);
  };
  const resume = (token: string, body: unknown, id = tender.id) =>
    request(t.app)
      .post(`/api/v1/supervision/tenders/${id}/resumption`)
      .set(bearer(token))
      .send(body as object);
  const instructions = (id = tender.id) => request(t.app).get(`/api/v1/tenders/${id}/instructions`);
  const count = () => t.platform.supervision.instructions['models'].SupervisionInstruction.count();
  const holds = () => t.platform.models.TenderHold.count();
  const cancel = () =>
    request(t.app)
      .post(`/api/v1/tenders/${tender.id}/cancellation`)
      .set(bearer(world.tenderee.token))
      .send({ reason: '项目资金未落实，终止招标' });

  before(async () => {
    t = await createTestPlatform();
    world = await tenderWorld(t);
    tender = await publishedTender(t, world);
    year = new Date(t.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();
  });
  after(() => t.close());

  describe('refused, and nothing changes', () => {
    for (const role of ['tenderee', 'agency', 'bidder', 'admin', 'custodian'] as const) {
      it(`a ${role} may not suspend: 403`, async () => {
        const user = role === 'custodian' ? world.custodians[0]! : world[role];
        const res = await suspend(user.token, { reason: REASON });
        assert.equal(res.status, 403, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'FORBIDDEN');
        assert.equal(await count(), 0);
      });
    }

    it('anonymous: 401', async () => {
      const res = await suspend(null, { reason: REASON });
      assert.equal(res.status, 401);
      assert.equal(await holds(), 0);
    });

    for (const [what, body] of [
      ['no reason', {}],
      ['a reason under 5 characters', { reason: '核查' }],
      ['a blank reason', { reason: '        ' }],
      ['a reason over 500 characters', { reason: '查'.repeat(501) }],
      ['an unknown field', { reason: REASON, until: '2026-12-31' }],
    ] as const) {
      it(`${what}: 422 VALIDATION_FAILED`, async () => {
        const res = await suspend(world.supervisor.token, body);
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'VALIDATION_FAILED');
        assert.equal(await count(), 0);
        assert.equal(await holds(), 0);
      });
    }

    it('an unknown tender: 404', async () => {
      const res = await suspend(
        world.supervisor.token,
        { reason: REASON },
        '00000000-0000-4000-8000-000000000000',
      );
      assert.equal(res.status, 404, JSON.stringify(res.body));
      assert.equal(await count(), 0);
    });

    it('resuming a tender that is not suspended: 409 TENDER_NOT_SUSPENDED', async () => {
      const res = await resume(world.supervisor.token, { reason: '核查完毕，恢复招标' });
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'TENDER_NOT_SUSPENDED');
      assert.equal(await count(), 0);
    });
  });

  describe('a suspension', () => {
    let code: string;

    it('holds the tender, numbered JG-yyyy-nnnn, with the supervisor and reason shown to everyone', async () => {
      const res = await suspend(world.supervisor.token, { reason: `  ${REASON}  ` });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      code = `JG-${year}-0001`;
      assert.deepEqual(res.body.hold, {
        instructionCode: code,
        reason: REASON,
        since: t.clock.now().toISOString(),
      });
      const seen = await instructions().expect(200); // public: the notice is
      assert.equal(seen.body.hold.instructionCode, code);
      assert.equal(seen.body.items.length, 1);
      assert.equal(seen.body.items[0].kind, 'suspension');
      assert.equal(seen.body.items[0].issuedBy.name, world.supervisor.username);
      assert.ok(seen.body.items[0].noticeId, 'the suspension notice is linked');
      // The tender's own status is untouched: the hold is orthogonal to it.
      assert.equal((await t.platform.tenders.find(tender.id))!.status, 'published');
    });

    it('publishes a 暂停公告 naming the instruction and the reason', async () => {
      const notices = await t.platform.models.Notice.findAll({
        where: { tenderId: tender.id, kind: 'suspension' },
      });
      assert.equal(notices.length, 1);
      assert.match(notices[0]!.title, /暂停公告$/);
      assert.ok(notices[0]!.body.includes(code));
      assert.ok(notices[0]!.body.includes(REASON));
      const feed = await request(t.app).get('/api/v1/notices?kind=suspension').expect(200);
      assert.ok(feed.body.items.some((n: { tenderId: string }) => n.tenderId === tender.id));
    });

    it('is audited twice (the instruction, the hold) and is an event', async () => {
      const { AuditEntry } = t.platform.models;
      const entries = await AuditEntry.findAll({ where: { subject: `tender:${tender.id}` } });
      const actions = entries.map((e) => e.action);
      assert.ok(actions.includes('supervision.instruction.suspension'), actions.join());
      assert.ok(actions.includes('tender.hold-placed'), actions.join());
      const events = await t.platform.events.models.DomainEvent.findAll({
        where: { type: 'supervision.instruction-issued', tenderId: tender.id },
      });
      assert.equal(events.length, 1);
      assert.equal(JSON.parse(events[0]!.data).code, code);
    });

    it('refuses a trading action with 409 TENDER_SUSPENDED naming the instruction, changing nothing', async () => {
      const res = await cancel();
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'TENDER_SUSPENDED');
      assert.deepEqual(res.body.error.details, { instruction: code, reason: REASON });
      assert.equal((await t.platform.tenders.find(tender.id))!.status, 'published');
    });

    it('reads stay open: the tender, its notices', async () => {
      await request(t.app).get(`/api/v1/tenders/${tender.id}`).expect(200);
      await request(t.app).get(`/api/v1/notices`).expect(200);
    });

    it('a second suspension while held: 409 TENDER_ALREADY_SUSPENDED, no new instruction', async () => {
      const before = await count();
      const res = await suspend(world.supervisor.token, { reason: '再次暂停，理由相同' });
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'TENDER_ALREADY_SUSPENDED');
      assert.equal(await count(), before);
      assert.equal(
        await t.platform.models.Notice.count({ where: { tenderId: tender.id, kind: 'suspension' } }),
        1,
      );
    });

    it('only a supervisor resumes: 403 for the tenderee', async () => {
      const res = await resume(world.tenderee.token, { reason: '我们已经整改完毕' });
      assert.equal(res.status, 403);
      assert.ok((await instructions()).body.hold);
    });

    it('a resumption lifts the hold, publishes a 恢复公告, and the action goes through again', async () => {
      t.clock.advance(3600_000);
      const res = await resume(world.supervisor.token, { reason: '经核查，投诉不成立，恢复招标' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.hold, null);
      assert.deepEqual(
        res.body.items.map((i: { code: string; kind: string }) => [i.code, i.kind]),
        [
          [code, 'suspension'],
          [`JG-${year}-0002`, 'resumption'],
        ],
      );
      assert.equal(
        await t.platform.models.Notice.count({ where: { tenderId: tender.id, kind: 'resumption' } }),
        1,
      );
      const lifted = await t.platform.events.models.DomainEvent.count({
        where: { type: 'supervision.instruction-lifted', tenderId: tender.id },
      });
      assert.equal(lifted, 1);
      const actions = (
        await t.platform.models.AuditEntry.findAll({ where: { subject: `tender:${tender.id}` } })
      ).map((e) => e.action);
      assert.ok(actions.includes('tender.hold-lifted'));
      assert.equal((await cancel()).status, 200);
    });

    it('numbers go on across tenders: the next suspension elsewhere is JG-yyyy-0003', async () => {
      const other = await publishedTender(t, world);
      const res = await suspend(world.supervisor.token, { reason: REASON }, other.id);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.hold.instructionCode, `JG-${year}-0003`);
    });
  });
});

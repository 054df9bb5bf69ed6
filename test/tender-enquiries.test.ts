import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createPartyUser, type TestUser } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';

const DAY = 24 * 3600_000;

describe('tender enquiries: clarifications (ZB Art.23) and objections (SS Art.22)', () => {
  let t: TestPlatform;
  let w: TenderWorld;
  let start: Date;
  before(async () => {
    // Tests move the clock by weeks; sessions made at the start must outlive that.
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    start = t.clock.now();
    w = await tenderWorld(t);
  });
  after(() => t.close());
  beforeEach(() => t.clock.set(start));

  const auditHead = async () => Number((await t.platform.models.AuditHead.findByPk(1))!.seq);
  const preview = (id: string, body: object = { kind: 'clarification' }) =>
    request(t.app)
      .post(`/api/v1/tenders/${id}/clarifications/preview`)
      .set(bearer(w.tenderee.token))
      .send(body);
  const clarify = (id: string, confirmBidDeadline: string, extra: object = {}) =>
    request(t.app)
      .post(`/api/v1/tenders/${id}/clarifications`)
      .set(bearer(w.tenderee.token))
      .send({
        kind: 'clarification',
        title: '关于工期的澄清',
        body: '工期以招标文件第三章为准。',
        confirmBidDeadline,
        ...extra,
      });

  describe('clarifications', () => {
    it('keeps the deadline when there are still 15 days or more, and publishes the clarification', async () => {
      const tender = await publishedTender(t, w); // deadline in 25 days
      const seen = await preview(tender.id).expect(200);
      assert.deepEqual(seen.body, {
        previousBidDeadline: tender.schedule.bidDeadline,
        bidDeadline: tender.schedule.bidDeadline,
        moved: false,
      });
      const res = await clarify(tender.id, seen.body.bidDeadline).expect(201);
      assert.equal(res.body.number, 1);
      assert.equal(res.body.deadlineMoved, false);
      const view = (await request(t.app).get(`/api/v1/tenders/${tender.id}`).expect(200)).body;
      assert.equal(view.clarifications.length, 1);
      assert.equal(view.clarifications[0].title, '关于工期的澄清');
    });

    it('moves the deadline to 15 days after a late clarification, shown before confirming', async () => {
      const tender = await publishedTender(t, w);
      t.clock.advance(12 * DAY); // 13 days left
      const expected = new Date(t.clock.now().getTime() + 15 * DAY).toISOString();
      const seen = await preview(tender.id).expect(200);
      assert.equal(seen.body.bidDeadline, expected);
      assert.equal(seen.body.moved, true);
      const before = await auditHead();
      const stale = await clarify(tender.id, tender.schedule.bidDeadline).expect(409);
      assert.equal(stale.body.error.code, 'DEADLINE_CHANGED');
      assert.equal(stale.body.error.details.bidDeadline, expected);
      assert.equal(await auditHead(), before, 'an unconfirmed move changes nothing');
      const res = await clarify(tender.id, expected).expect(201);
      assert.equal(res.body.deadlineMoved, true);
      const view = (await request(t.app).get(`/api/v1/tenders/${tender.id}`)).body;
      assert.equal(view.schedule.bidDeadline, expected);
      t.clock.advance(14 * DAY);
      await t.platform.tenders.closeDueBidding();
      const after = (await request(t.app).get(`/api/v1/tenders/${tender.id}`)).body;
      assert.equal(after.status, 'published', 'the old deadline no longer closes bidding');
    });

    it('lets an amendment set a later deadline, never an earlier one', async () => {
      const tender = await publishedTender(t, w);
      const later = new Date(new Date(tender.schedule.bidDeadline).getTime() + 5 * DAY).toISOString();
      const seen = await preview(tender.id, { kind: 'amendment', bidDeadline: later }).expect(200);
      assert.equal(seen.body.bidDeadline, later);
      await clarify(tender.id, later, { kind: 'amendment', bidDeadline: later }).expect(201);
      const earlier = new Date(t.clock.now().getTime() + 20 * DAY).toISOString();
      const res = await preview(tender.id, { kind: 'amendment', bidDeadline: earlier }).expect(422);
      assert.equal(res.body.error.details[0].code, 'DEADLINE_EARLIER');
    });

    it('is for the tender’s own tenderee or agency only, and not on drafts or closed tenders', async () => {
      const tender = await publishedTender(t, w);
      const other = await createPartyUser(t, w.admin, 'tenderee');
      for (const user of [other, w.bidder]) {
        const res = await request(t.app)
          .post(`/api/v1/tenders/${tender.id}/clarifications`)
          .set(bearer(user.token))
          .send({
            kind: 'clarification',
            title: '越权澄清',
            body: '……',
            confirmBidDeadline: tender.schedule.bidDeadline,
          });
        assert.equal(res.status, 403);
      }
      await request(t.app)
        .post(`/api/v1/tenders/${tender.id}/cancellation`)
        .set(bearer(w.tenderee.token))
        .send({ reason: '项目取消' })
        .expect(200);
      const closed = await clarify(tender.id, tender.schedule.bidDeadline).expect(409);
      assert.equal(closed.body.error.code, 'TENDER_CLOSED');
    });
  });

  describe('objections', () => {
    let tender: { id: string; schedule: { bidDeadline: string } };
    beforeEach(async () => {
      tender = await publishedTender(t, w);
    });
    const object = (user: TestUser, content = '评分标准第二项指向特定品牌，请予澄清。') =>
      request(t.app)
        .post(`/api/v1/tenders/${tender.id}/objections`)
        .set(bearer(user.token))
        .send({ content });
    const status = async () => (await request(t.app).get(`/api/v1/tenders/${tender.id}`)).body.status;

    it('suspends the tender until every objection is answered, with a 3-day answer deadline', async () => {
      const other = await createPartyUser(t, w.admin, 'bidder');
      const first = (await object(w.bidder).expect(201)).body;
      assert.equal(first.answerDueAt, new Date(t.clock.now().getTime() + 3 * DAY).toISOString());
      assert.equal(await status(), 'suspended');
      const second = (await object(other).expect(201)).body;
      const answer = (id: string) =>
        request(t.app)
          .post(`/api/v1/tenders/${tender.id}/objections/${id}/answer`)
          .set(bearer(w.tenderee.token))
          .send({ answer: '已修改评分标准，见变更公告。' });
      await answer(first.id).expect(200);
      assert.equal(await status(), 'suspended', 'one objection is still open');
      t.clock.advance(4 * DAY);
      const listed = (
        await request(t.app).get(`/api/v1/tenders/${tender.id}/objections`).set(bearer(w.supervisor.token))
      ).body.items;
      assert.equal(listed.find((o: { id: string }) => o.id === second.id).overdue, true);
      await answer(second.id).expect(200);
      assert.equal(await status(), 'published');
      const again = await answer(second.id).expect(409);
      assert.equal(again.body.error.code, 'OBJECTION_ALREADY_ANSWERED');
    });

    it('does not close bidding while suspended', async () => {
      await object(w.bidder).expect(201);
      t.clock.set(new Date(new Date(tender.schedule.bidDeadline).getTime() + 1));
      await t.platform.tenders.closeDueBidding();
      assert.equal(await status(), 'suspended');
    });

    it('refuses objections later than 10 days before the deadline and changes nothing', async () => {
      t.clock.set(new Date(new Date(tender.schedule.bidDeadline).getTime() - 10 * DAY + 1));
      const before = await auditHead();
      const res = await object(w.bidder).expect(422);
      assert.equal(res.body.error.details[0].code, 'OBJECTION_TOO_LATE');
      assert.equal(await auditHead(), before);
      assert.equal(await status(), 'published');
    });

    it('accepts an objection exactly 10 days before the deadline', async () => {
      t.clock.set(new Date(new Date(tender.schedule.bidDeadline).getTime() - 10 * DAY));
      await object(w.bidder).expect(201);
    });

    it('shows a bidder only its own objections, and lets no one else answer', async () => {
      const other = await createPartyUser(t, w.admin, 'bidder');
      const mine = (await object(w.bidder).expect(201)).body;
      await object(other).expect(201);
      const seen = (
        await request(t.app).get(`/api/v1/tenders/${tender.id}/objections`).set(bearer(w.bidder.token))
      ).body.items;
      assert.deepEqual(
        seen.map((o: { id: string }) => o.id),
        [mine.id],
      );
      const res = await request(t.app)
        .post(`/api/v1/tenders/${tender.id}/objections/${mine.id}/answer`)
        .set(bearer(other.token))
        .send({ answer: '我来回答' });
      assert.equal(res.status, 403);
    });

    it('is for bidders: tenderees and anonymous visitors cannot object', async () => {
      assert.equal((await object(w.tenderee)).status, 403);
      const anonymous = await request(t.app)
        .post(`/api/v1/tenders/${tender.id}/objections`)
        .send({ content: '匿名异议内容' });
      assert.equal(anonymous.status, 401);
    });
  });
});

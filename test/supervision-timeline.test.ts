import assert from 'node:assert/strict';
import request from 'supertest';
import type { TimelineEntry } from '../src/modules/supervision/timeline/schemas.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer, createStaff, type TestUser } from './helpers/api.js';
import { openingTender, openingWorld, submitTestBid, type OpeningWorld } from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

interface Page {
  tenderId: string;
  items: TimelineEntry[];
  nextCursor: string | null;
}

describe("supervision: a tender's full timeline (every audited step with actor, party and IP)", function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let w: OpeningWorld;
  let expert: TestUser;
  let tender: TenderView;
  let other: TenderView;
  let bidIds: string[];
  let otherBidId: string;

  const timeline = (tenderId: string, user: TestUser | null, query: Record<string, unknown> = {}) => {
    const req = request(t.app).get(`/api/v1/supervision/tenders/${tenderId}/timeline`).query(query);
    return user ? req.set(bearer(user.token)) : req;
  };
  const whole = async (tenderId: string): Promise<TimelineEntry[]> =>
    ((await timeline(tenderId, w.supervisor, { limit: 1000 }).expect(200)).body as Page).items;

  before(async () => {
    t = await createTestPlatform();
    w = await openingWorld(t, 3);
    expert = await createStaff(t, 'expert', 'expert-timeline');
    tender = await openingTender(t, w);
    other = await openingTender(t, w);
    // Two bids from the test client's one device: the same-device screen raises an alert on the tender.
    bidIds = [];
    for (const bidder of w.bidders.slice(0, 2)) bidIds.push((await submitTestBid(t, tender, bidder)).bidId);
    otherBidId = (await submitTestBid(t, other, w.bidders[2]!)).bidId;
    await t.platform.supervision.screener.idle();
  });
  after(() => t.close());

  it("lists the tender's steps and its bids', oldest first, with actor name, role, party and IP", async () => {
    const items = await whole(tender.id);
    const actions = items.map((e) => e.action);
    assert.deepEqual(actions.slice(0, 2), ['tender.create', 'tender.publish']);
    assert.deepEqual(
      items.map((e) => e.seq),
      [...items.map((e) => e.seq)].sort((a, b) => a - b),
    );

    const created = items[0]!;
    const tenderee = (await t.platform.parties.find(w.tenderee.partyId!))!;
    assert.deepEqual(created.actor, {
      name: (await t.platform.identity.findUser(w.tenderee.userId))!.displayName,
      role: 'tenderee',
      party: tenderee.name,
    });
    assert.match(created.ip ?? '', /127\.0\.0\.1/);
    assert.deepEqual(created.link, { kind: 'tender', id: tender.id });
    assert.ok(!Number.isNaN(Date.parse(created.at)));

    const bids = items.filter((e) => e.action === 'bid.submit');
    assert.equal(bids.length, 2);
    for (const [i, entry] of bids.entries()) {
      const party = (await t.platform.parties.find(w.bidders[i]!.user.partyId!))!;
      assert.equal(entry.actor?.party, party.name);
      assert.equal(entry.actor?.role, 'bidder');
      assert.match(entry.ip ?? '', /127\.0\.0\.1/);
      assert.deepEqual(entry.link, { kind: 'bids', id: tender.id });
      assert.equal(entry.facts.version, 1);
      // The chain's hashes and the certificate stay out of the timeline.
      assert.equal(entry.facts.ciphertextSha256, undefined);
      assert.equal(entry.facts.certificateSerial, undefined);
    }
  });

  it("has none of another tender's steps, and the other tender none of this one's", async () => {
    const mine = await whole(tender.id);
    const theirs = await whole(other.id);
    const seqs = new Set(mine.map((e) => e.seq));
    assert.ok(theirs.length >= 3);
    assert.ok(theirs.every((e) => !seqs.has(e.seq)));
    // The other tender's bid is audited under its own subject; it is on the other timeline only.
    const audited = await t.platform.models.AuditEntry.findAll({ where: { subject: `bid:${otherBidId}` } });
    assert.ok(audited.length > 0);
    const otherSeqs = new Set(theirs.map((e) => e.seq));
    for (const entry of audited) {
      assert.ok(otherSeqs.has(Number(entry.seq)));
      assert.ok(!seqs.has(Number(entry.seq)));
    }
    for (const bidId of bidIds) {
      const own = await t.platform.models.AuditEntry.findAll({ where: { subject: `bid:${bidId}` } });
      for (const entry of own) assert.ok(seqs.has(Number(entry.seq)));
    }
  });

  it("shows a supervisor's steps on the tender's alerts, linked to the alert", async () => {
    const alerts = await request(t.app)
      .get('/api/v1/supervision/alerts')
      .query({ tenderId: tender.id })
      .set(bearer(w.supervisor.token))
      .expect(200);
    const alert = (alerts.body.items as { id: string; indicator: string }[]).find(
      (a) => a.indicator === 'same-device',
    )!;
    assert.ok(alert, 'the same-device screen raised an alert');
    await request(t.app)
      .post(`/api/v1/supervision/alerts/${alert.id}/acknowledgement`)
      .set(bearer(w.supervisor.token))
      .expect(200);
    const last = (await whole(tender.id)).at(-1)!;
    assert.equal(last.action, 'supervision.alert-acknowledge');
    assert.deepEqual(last.link, { kind: 'alert', id: alert.id });
    assert.deepEqual(last.actor, { name: w.supervisor.username, role: 'supervisor', party: null });
    assert.equal(last.facts.indicator, 'same-device');
    assert.ok((await whole(other.id)).every((e) => e.action !== 'supervision.alert-acknowledge'));
  });

  it('shows the supervisory instructions on the tender, linked to the instructions', async () => {
    const before = (await whole(tender.id)).length;
    for (const order of ['suspension', 'resumption']) {
      await request(t.app)
        .post(`/api/v1/supervision/tenders/${tender.id}/${order}`)
        .set(bearer(w.supervisor.token))
        .send({ reason: '核查同一设备投标线索' })
        .expect(200);
    }
    const added = (await whole(tender.id)).slice(before);
    const issued = added.filter((e) => e.action.startsWith('supervision.instruction.'));
    assert.deepEqual(
      issued.map((e) => e.action),
      ['supervision.instruction.suspension', 'supervision.instruction.resumption'],
    );
    for (const entry of added) {
      assert.deepEqual(entry.link, { kind: 'instruction', id: tender.id }, entry.action);
      assert.equal(entry.actor?.role, 'supervisor');
    }
    assert.ok((await whole(other.id)).every((e) => !e.action.startsWith('supervision.instruction.')));
  });

  it('shows a complaint against the tender and its evidence, linked to the complaints', async () => {
    const bidder = w.bidders[0]!.user;
    const evidence = await request(t.app)
      .post('/api/v1/complaints/evidence?name=evidence.pdf')
      .set(bearer(bidder.token))
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'))
      .expect(201);
    const knewOn = new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const filed = await request(t.app)
      .post('/api/v1/complaints')
      .set(bearer(bidder.token))
      .send({
        tenderId: tender.id,
        facts: '两家投标人使用同一台电脑递交投标文件。',
        request: '请求调查处理。',
        knewOn,
        evidenceIds: [evidence.body.id],
      })
      .expect(201);
    const steps = (await whole(tender.id)).filter((e) => e.action.startsWith('complaint.'));
    assert.deepEqual(
      steps.map((e) => e.action),
      ['complaint.evidence-upload', 'complaint.file'],
    );
    assert.deepEqual(steps[1]!.link, { kind: 'complaint', id: filed.body.id });
    assert.equal(steps[1]!.actor?.role, 'bidder');
    assert.ok((await whole(other.id)).every((e) => !e.action.startsWith('complaint.')));
  });

  it('pages by cursor: the pages put together are the whole timeline, each entry once', async () => {
    const all = await whole(tender.id);
    assert.ok(all.length >= 5);
    const pages: Page[] = [];
    let cursor: string | null | undefined;
    do {
      const res = await timeline(tender.id, w.supervisor, { limit: 2, ...(cursor && { cursor }) }).expect(
        200,
      );
      pages.push(res.body as Page);
      cursor = (res.body as Page).nextCursor;
    } while (cursor && pages.length < 100);
    assert.equal(pages.length, Math.ceil(all.length / 2));
    assert.ok(pages.slice(0, -1).every((p) => p.items.length === 2));
    assert.equal(pages.at(-1)!.nextCursor, null);
    assert.deepEqual(
      pages.flatMap((p) => p.items),
      all,
    );
    // Exactly a page's worth: no next page is promised.
    const exact = await timeline(tender.id, w.supervisor, { limit: all.length }).expect(200);
    assert.equal(exact.body.nextCursor, null);
    const past = await timeline(tender.id, w.supervisor, { cursor: String(all.at(-1)!.seq) }).expect(200);
    assert.deepEqual(past.body.items, []);
  });

  it('is for supervisors only: 401 without a session, 403 for every other role', async () => {
    assert.equal((await timeline(tender.id, null)).status, 401);
    for (const user of [w.admin, w.tenderee, w.agency, w.bidder, w.custodians[0]!, expert]) {
      const res = await timeline(tender.id, user);
      assert.equal(res.status, 403, user.role);
      assert.equal(res.body.error.code, 'FORBIDDEN');
    }
  });

  it('answers 404 for an unknown tender and 422 for a bad cursor or page size', async () => {
    const missing = await timeline('00000000-0000-4000-8000-000000000000', w.supervisor);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NOT_FOUND');
    assert.equal((await timeline('not-a-uuid', w.supervisor)).status, 422);
    for (const query of [
      { limit: 0 },
      { limit: 1001 },
      { limit: 'many' },
      { cursor: '-1' },
      { cursor: 'abc' },
      { cursor: '1'.repeat(19) },
      { extra: 1 },
    ]) {
      const res = await timeline(tender.id, w.supervisor, query);
      assert.equal(res.status, 422, JSON.stringify(query));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    }
    assert.equal((await timeline(tender.id, w.supervisor, { limit: 1000 })).status, 200);
  });
});

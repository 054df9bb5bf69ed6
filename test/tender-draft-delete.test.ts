import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createPartyUser, type TestUser } from './helpers/api.js';
import { draftTender, publish, snapshot, upload } from './helpers/documents.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderWorld, type TenderWorld } from './helpers/tenders.js';

/**
 * 删除草稿 (issue 16): a draft nobody outside has seen is thrown away with its sections, custodians and
 * documents, by its tenderee or agency only, with an audit entry and a 'tender.draft-deleted' event. A
 * published tender is public record and is cancelled instead (409). Refusals change nothing.
 */
describe('deleting a tender draft (DELETE /tenders/:id)', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let w: TenderWorld;
  let otherTenderee: TestUser;

  const del = (user: TestUser | null, id: string) => {
    const r = request(t.app).delete(`/api/v1/tenders/${id}`);
    return user ? r.set(bearer(user.token)) : r;
  };
  /** The rows of one tender across the tables a draft fills. */
  const rowsOf = async (id: string) => {
    const { Tender, TenderSection, TenderCustodian, TenderDocument } = t.platform.models;
    const where = { where: { tenderId: id } };
    return {
      tender: await Tender.count({ where: { id } }),
      sections: await TenderSection.count(where),
      custodians: await TenderCustodian.count(where),
      documents: await TenderDocument.count(where),
    };
  };
  /** A refused deletion: the answer's code, and nothing changed (rows, blobs, the audit chain). */
  async function refused(call: request.Test, status: number, code: string, id: string) {
    const before = { rows: await rowsOf(id), store: await snapshot(t) };
    const res = await call;
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.code, code);
    assert.ok(res.body.error.message);
    assert.deepEqual({ rows: await rowsOf(id), store: await snapshot(t) }, before);
  }

  before(async () => {
    t = await createTestPlatform();
    w = await tenderWorld(t);
    otherTenderee = await createPartyUser(t, w.admin, 'tenderee');
  });
  after(() => t.close());

  it('the tenderee deletes its draft with its sections, custodians and documents; audited, with an event', async () => {
    const id = await draftTender(t, w);
    await upload(t, w.tenderee, id, { name: '招标文件.pdf' }, '%PDF-1.7 草稿').expect(201);
    const before = await rowsOf(id);
    assert.deepEqual(before, { tender: 1, sections: 1, custodians: 3, documents: 1 });

    const res = await del(w.tenderee, id);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    assert.deepEqual(await rowsOf(id), { tender: 0, sections: 0, custodians: 0, documents: 0 });
    await request(t.app).get(`/api/v1/tenders/${id}`).set(bearer(w.tenderee.token)).expect(404);

    const entry = await t.platform.models.AuditEntry.findOne({
      where: { action: 'tender.delete-draft', subject: `tender:${id}` },
    });
    assert.ok(entry, 'the deletion is in the audit chain');
    const events = await t.platform.events.read(0, 1000, { tenderId: id, types: ['tender.draft-deleted'] });
    assert.equal(events.length, 1);
  });

  it('the appointed agency may delete the draft too', async () => {
    const id = await draftTender(t, w);
    assert.equal((await del(w.agency, id)).status, 204);
    assert.equal((await rowsOf(id)).tender, 0);
  });

  it('a published tender is refused with 409 TENDER_NOT_DRAFT (it is cancelled instead)', async () => {
    const id = await draftTender(t, w);
    await publish(t, w, id);
    await refused(del(w.tenderee, id), 409, 'TENDER_NOT_DRAFT', id);
  });

  it('a draft cancelled before publication is no longer a draft: 409', async () => {
    const id = await draftTender(t, w);
    await request(t.app)
      .post(`/api/v1/tenders/${id}/cancellation`)
      .set(bearer(w.tenderee.token))
      .send({ reason: '项目取消，终止招标' })
      .expect(200);
    await refused(del(w.tenderee, id), 409, 'TENDER_NOT_DRAFT', id);
  });

  it('wrong roles are refused with 403, and anonymous callers with 401', async () => {
    const id = await draftTender(t, w);
    await refused(del(w.bidder, id), 403, 'FORBIDDEN', id);
    await refused(del(w.supervisor, id), 403, 'FORBIDDEN', id);
    await refused(del(w.admin, id), 403, 'FORBIDDEN', id);
    await refused(del(null, id), 401, 'UNAUTHENTICATED', id);
  });

  it('another tenderee is refused: 404 for a draft it may not see, 403 for a published tender', async () => {
    const draft = await draftTender(t, w);
    await refused(del(otherTenderee, draft), 404, 'NOT_FOUND', draft);
    const published = await draftTender(t, w);
    await publish(t, w, published);
    await refused(del(otherTenderee, published), 403, 'FORBIDDEN', published);
  });

  it('an unknown or malformed id is 404 / 422', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const res = await del(w.tenderee, unknown);
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'NOT_FOUND');
    const bad = await del(w.tenderee, 'not-a-tender');
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
  });
});

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Actor } from '../src/platform/auth/roles.js';
import { SCREENS_READER } from '../src/modules/supervision/ports.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer, createStaff, type TestUser } from './helpers/api.js';
import {
  openingTender,
  openingWorld,
  releaseShares,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML = Buffer.from('<html><script>alert(document.cookie)</script></html>');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => done(null, Buffer.concat(parts)));
};

/**
 * The evaluation committee reads the opened bids through the opening's routes (docs/domain.md §5): only
 * while the evaluation module's check says the caller sits on that tender's committee, every read but the
 * bidder's own audited, attachments streamed one by one with safe headers.
 */
describe('opening: committee reads of opened bids and their attachments', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let w: OpeningWorld;
  let tender: TenderView;
  let member: TestUser;
  let outsider: TestUser;
  let bids: Awaited<ReturnType<typeof submitTestBid>>[];
  let big: Buffer;
  const asked: { userId: string; tenderId: string }[] = [];
  let committee = new Set<string>();

  const get = (path: string, user?: TestUser) => {
    const r = request(t.app).get(`/api/v1${path}`);
    return user ? r.set(bearer(user.token)) : r;
  };
  const download = (path: string, user: TestUser) => get(path, user).buffer(true).parse(binary);
  // The supervision screens read each opened bid once in the background (same-file, after the record is
  // published), audited under their own system actor; this test counts the people's reads through the routes.
  const reads = async () =>
    (
      await t.platform.models.AuditEntry.findAll({
        where: { action: 'opened-bid.read' },
        order: [['seq', 'ASC']],
      })
    )
      .filter((e) => e.actorUserId !== SCREENS_READER.userId)
      .map((e) => ({
        actor: e.actorUserId,
        subject: e.subject,
        data: JSON.parse(e.data) as Record<string, unknown>,
      }));

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, 4);
    member = await createStaff(t, 'expert', 'committee-expert');
    outsider = await createStaff(t, 'expert', 'other-expert');
    tender = await openingTender(t, w);
    big = randomBytes(300_000);
    bids = [];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000); // received in this order
      bids.push(
        await submitTestBid(t, tender, w.bidders[i]!, {
          priceFen: 50_000_000 + i * 1_000_000,
          attachments: [
            { name: '投标文件.pdf', mediaType: 'application/pdf', bytes: PDF },
            { name: '报价"明细";.html', mediaType: 'text/html; charset=utf-8', bytes: HTML },
            { name: 'drawings.bin', mediaType: 'application/x-drawing', bytes: big },
          ],
        }),
      );
    }
    // A fourth bid without a price: revoked at the opening, never evaluated.
    bids.push(await submitTestBid(t, tender, w.bidders[3]!, { noPrice: true }));
    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 5_000));
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    await releaseShares(t, tender.id, w.custodians[1]!, w.custodianKeys[1]!);
    await testRunner(t).run();
    assert.equal((await t.platform.tenders.find(tender.id))!.status, 'evaluating');
    t.platform.opening.setCommitteeCheck(async (actor: Actor, tenderId: string) => {
      asked.push({ userId: actor.userId, tenderId });
      return committee.has(actor.userId) && tenderId === tender.id;
    });
  });
  after(() => t.close());

  it('lets a member read only while the evaluation module’s check says so, per bid’s tender', async () => {
    const bid = bids[0]!.bidId;
    await get(`/bids/${bid}/opened`, member).expect(404);
    await get(`/bids/${bid}/opened`, w.tenderee).expect(404);
    assert.deepEqual(asked, [
      { userId: member.userId, tenderId: tender.id },
      { userId: w.tenderee.userId, tenderId: tender.id },
    ]);
    committee = new Set([member.userId, w.tenderee.userId]);
    const form = await get(`/bids/${bid}/opened`, member).expect(200);
    assert.equal(form.body.form.price, 50_000_000);
    assert.equal(form.body.attachments.length, 3);
    await get(`/bids/${bid}/opened`, w.tenderee).expect(200); // a tenderee representative
    await get(`/bids/${bid}/opened`, outsider).expect(404);
    await get(`/bids/${bid}/opened`, w.agency).expect(403);
    await get(`/bids/${bid}/opened`).expect(401);
    // Another bidder is never asked about: it reads its own bid only.
    asked.length = 0;
    await get(`/bids/${bid}/opened`, w.bidders[1]!.user).expect(404);
    assert.deepEqual(asked, []);
  });

  it('audits every read by the committee and supervisors, in its own transaction; not the bidder’s own', async () => {
    const bid = bids[1]!.bidId;
    const before = (await reads()).length;
    await get(`/bids/${bid}/opened`, member).expect(200);
    await get(`/bids/${bid}/opened`, w.supervisor).expect(200);
    await download(`/bids/${bid}/opened/package`, member).expect(200);
    await download(`/bids/${bid}/opened/attachments/0`, w.tenderee).expect(200);
    await get(`/bids/${bid}/opened`, w.bidders[1]!.user).expect(200);
    await download(`/bids/${bid}/opened/attachments/0`, w.bidders[1]!.user).expect(200);
    const after = (await reads()).slice(before);
    const base = { tenderId: tender.id, sectionId: tender.sections[0]!.id };
    assert.deepEqual(after, [
      { actor: member.userId, subject: `bid:${bid}`, data: { ...base, reader: 'committee', part: 'form' } },
      {
        actor: w.supervisor.userId,
        subject: `bid:${bid}`,
        data: { ...base, reader: 'supervisor', part: 'form' },
      },
      {
        actor: member.userId,
        subject: `bid:${bid}`,
        data: { ...base, reader: 'committee', part: 'package' },
      },
      {
        actor: w.tenderee.userId,
        subject: `bid:${bid}`,
        data: { ...base, reader: 'committee', part: 'attachment', index: 0 },
      },
    ]);
    // Refused reads leave nothing.
    await get(`/bids/${bid}/opened`, outsider).expect(404);
    await download(`/bids/${bid}/opened/attachments/3`, member).expect(404);
    assert.equal((await reads()).length, before + 4);
  });

  it('streams each attachment with its own headers: a PDF inline, anything else a download', async () => {
    const bid = bids[2]!.bidId;
    const pdf = await download(`/bids/${bid}/opened/attachments/0`, member).expect(200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.headers['x-content-type-options'], 'nosniff');
    assert.equal(pdf.headers['cache-control'], 'private, no-store');
    assert.equal(
      pdf.headers['content-disposition'],
      `inline; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('投标文件.pdf')}`,
    );
    assert.deepEqual(pdf.body, PDF);

    const html = await download(`/bids/${bid}/opened/attachments/1`, member).expect(200);
    assert.equal(html.headers['content-type'], 'application/octet-stream');
    assert.equal(html.headers['x-content-type-options'], 'nosniff');
    assert.equal(
      html.headers['content-disposition'],
      `attachment; filename="_______.html"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%22%E6%98%8E%E7%BB%86%22%3B.html`,
    );
    assert.deepEqual(html.body, HTML);

    // Across many 4 KiB chunks, cut out of the package between its neighbours, byte for byte.
    const drawing = await download(`/bids/${bid}/opened/attachments/2`, w.supervisor).expect(200);
    assert.equal(drawing.headers['content-type'], 'application/octet-stream');
    assert.equal(drawing.headers['content-length'], String(big.length));
    assert.equal(sha(drawing.body as Buffer), sha(big));
  });

  it('refuses a bad index and those who may not read, like the package route', async () => {
    const bid = bids[0]!.bidId;
    for (const index of ['3', '999999']) {
      const res = await get(`/bids/${bid}/opened/attachments/${index}`, member).expect(404);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
    for (const index of ['-1', 'x', '1.5']) {
      const res = await get(`/bids/${bid}/opened/attachments/${index}`, member);
      assert.equal(res.status, 422, index);
    }
    await get(`/bids/${bid}/opened/attachments/0`, outsider).expect(404);
    await get(`/bids/${bid}/opened/attachments/0`, w.bidders[1]!.user).expect(404);
    await get(`/bids/${bid}/opened/attachments/0`, w.agency).expect(403);
    await get(`/bids/${bid}/opened/attachments/0`, w.custodians[0]!).expect(403);
    await get(`/bids/${bid}/opened/attachments/0`).expect(401);
    await get(`/bids/${bids[3]!.bidId}/opened/attachments/0`, member).expect(404); // revoked: no package
    committee = new Set();
    await get(`/bids/${bid}/opened/attachments/0`, member).expect(404);
    await get(`/bids/${bid}/opened/package`, w.tenderee).expect(404);
  });

  it('hands the evaluation the section’s opened bids with their prices', async () => {
    const section = tender.sections[0]!.id;
    const list = await t.platform.opening.bidsForEvaluation(tender.id, section);
    assert.deepEqual(
      list.map((b) => b.bidId),
      bids.slice(0, 3).map((b) => b.bidId),
    );
    assert.deepEqual(
      list.map((b) => b.priceFen),
      [50_000_000, 51_000_000, 52_000_000],
    );
    const first = list[0]!;
    const party = (await t.platform.parties.find(w.bidders[0]!.user.partyId!))!;
    assert.equal(first.bidderPartyId, party.id);
    assert.equal(first.bidderName, party.name);
    assert.equal(first.bidderUscc, party.uscc);
    assert.equal(first.form.durationDays, 180);
    assert.deepEqual(
      first.attachments.map((a) => [a.name, a.size]),
      [
        ['投标文件.pdf', PDF.length],
        ['报价"明细";.html', HTML.length],
        ['drawings.bin', big.length],
      ],
    );
    assert.ok(first.receivedAt instanceof Date);
    assert.deepEqual(await t.platform.opening.bidsForEvaluation(tender.id, tender.id), []);
    await t.platform.db.transaction(async (tx) => {
      assert.equal((await t.platform.opening.bidsForEvaluation(tender.id, section, tx)).length, 3);
    });
  });
});

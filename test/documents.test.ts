import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { bearer, createPartyUser, login, type TestUser } from './helpers/api.js';
import {
  as,
  download,
  draftTender,
  issueClarification,
  publish,
  snapshot,
  upload,
} from './helpers/documents.js';
import { eventually } from './helpers/eventually.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderWorld, type TenderWorld } from './helpers/tenders.js';

const DAY = 24 * 3600_000;
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Moves the clock and signs everyone in again, since sessions end on the same clock. */
async function advance(t: TestPlatform, ms: number, users: TestUser[]) {
  t.clock.advance(ms);
  for (const user of users) user.token = await login(t.app, user.username);
}
const everyone = (w: TenderWorld) => [w.admin, w.supervisor, w.tenderee, w.agency, w.bidder, ...w.custodians];

describe('tender documents (招标文件): upload, versions, amendments, download', () => {
  let t: TestPlatform;
  let world: TenderWorld;
  before(async () => {
    t = await createTestPlatform({ DOWNLOADS_PER_MINUTE: '100000' });
    world = await tenderWorld(t);
  });
  after(() => t.close());

  describe('uploading to a draft', () => {
    let tenderId: string;
    before(async () => {
      tenderId = await draftTender(t, world);
    });

    it('stores the file and answers 201 with the version and a Location, audited, with an event', async () => {
      const seen: unknown[] = [];
      const off = t.platform.events.on('tender.document-uploaded', (e) => void seen.push(e));
      const content = '%PDF-1.7 第一章 招标公告';
      const res = await upload(t, world.tenderee, tenderId, { name: '招标文件.pdf' }, content).expect(201);
      assert.equal(res.headers.location, `/api/v1/documents/${res.body.id}/content`);
      assert.equal(res.body.contentUrl, res.headers.location);
      assert.deepEqual(
        { ...res.body, id: undefined, uploadedAt: undefined, contentUrl: undefined },
        {
          tenderId,
          name: '招标文件.pdf',
          version: 1,
          sha256: sha256(content),
          size: Buffer.byteLength(content),
          contentType: 'application/pdf',
          amendment: null,
          id: undefined,
          uploadedAt: undefined,
          contentUrl: undefined,
        },
      );
      assert.equal(res.body.uploadedAt, t.clock.now().toISOString());
      assert.equal(await t.platform.blobs.exists(sha256(content)), true);
      const entry = await t.platform.models.AuditEntry.findOne({ order: [['seq', 'DESC']] });
      assert.equal(entry!.action, 'document.upload');
      assert.equal(entry!.subject, `tender:${tenderId}`);
      assert.equal(entry!.actorUserId, world.tenderee.userId);
      assert.equal(JSON.parse(entry!.data).sha256, sha256(content));
      await eventually('the event is delivered', () => seen.length === 1);
      off();
      assert.deepEqual(seen[0], {
        tenderId,
        code: (await t.platform.tenders.find(tenderId))!.code,
        at: t.clock.now().toISOString(),
        documentId: res.body.id,
        name: '招标文件.pdf',
        version: 1,
        sha256: sha256(content),
        size: Buffer.byteLength(content),
        amendment: null,
      });
    });

    it('makes the same name the next version; another name starts at 1; the appointed agency uploads too', async () => {
      const v2 = await upload(t, world.agency, tenderId, { name: '招标文件.pdf' }, 'v2').expect(201);
      assert.equal(v2.body.version, 2);
      const other = await upload(
        t,
        world.agency,
        tenderId,
        { name: '工程量清单.xlsx' },
        'bill',
        'text/csv; charset=GBK',
      );
      assert.equal(other.status, 201);
      assert.equal(other.body.version, 1);
      assert.equal(other.body.contentType, 'text/csv; charset=gbk', 'a text file keeps its charset');
      const nfd = '招标文件.pdf'.normalize('NFD'); // what some clients send; the same name
      assert.equal(
        (await upload(t, world.tenderee, tenderId, { name: nfd }, 'v3').expect(201)).body.version,
        3,
      );
      const cased = await upload(t, world.tenderee, tenderId, { name: '招标文件.PDF' }, 'x').expect(201);
      assert.equal(cased.body.version, 1, 'names are exact, on MySQL too');
    });

    it('lists each name with its latest version and its history, without any download data', async () => {
      const res = await request(t.app)
        .get(`/api/v1/tenders/${tenderId}/documents`)
        .set(bearer(world.tenderee.token));
      assert.equal(res.status, 200);
      const main = res.body.items.find((i: { name: string }) => i.name === '招标文件.pdf');
      assert.deepEqual(
        main.history.map((v: { version: number; sha256: string }) => [v.version, v.sha256]),
        [1, 2, 3].map((n) => [n, sha256(n === 1 ? '%PDF-1.7 第一章 招标公告' : `v${n}`)]),
      );
      assert.equal(main.latest.version, 3);
      assert.deepEqual(res.body.items.map((i: { name: string }) => i.name).sort(), [
        '工程量清单.xlsx',
        '招标文件.PDF',
        '招标文件.pdf',
      ]);
      assert.doesNotMatch(JSON.stringify(res.body), /download/i);
    });

    it("serves each version's own bytes with its type, length, UTF-8 file name and ETag", async () => {
      const res0 = await request(t.app)
        .get(`/api/v1/tenders/${tenderId}/documents`)
        .set(bearer(world.agency.token));
      const list = res0.body.items.find((i: { name: string }) => i.name === '招标文件.pdf');
      const v1 = list.history[0];
      const res = await download(t, world.tenderee, v1.id).expect(200);
      assert.equal(res.body.toString(), '%PDF-1.7 第一章 招标公告');
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['content-length'], String(v1.size));
      assert.equal(res.headers.etag, `"${v1.sha256}"`);
      assert.equal(
        res.headers['content-disposition'],
        `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('招标文件.pdf')}`,
      );
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal((await download(t, world.agency, list.latest.id).expect(200)).body.toString(), 'v3');
    });

    it("hides a draft's documents from all but those who may see the draft, and records none of it", async () => {
      const { id } = (await upload(t, world.tenderee, tenderId, { name: 'a.txt' }, 'draft text').expect(201))
        .body;
      const before = await snapshot(t);
      for (const outsider of [null, world.bidder, world.custodians[0]!]) {
        await download(t, outsider, id).expect(404);
        await as(outsider, request(t.app).get(`/api/v1/tenders/${tenderId}/documents`)).expect(404);
      }
      await download(t, world.supervisor, id).expect(200);
      await download(t, world.tenderee, id).expect(200);
      assert.deepEqual(await snapshot(t), before, 'draft fetches are review, not obtaining the documents');
    });
  });

  describe('refused uploads change nothing', () => {
    let tenderId: string;
    let otherTenderee: TestUser;
    before(async () => {
      tenderId = await draftTender(t, world);
      await upload(t, world.tenderee, tenderId, { name: 'ok.pdf' }, 'ok').expect(201);
      otherTenderee = await createPartyUser(t, world.admin, 'tenderee');
    });

    const cases: [string, () => request.Test, number, string][] = [
      [
        'an empty body',
        () => upload(t, world.tenderee, tenderId, { name: 'e.pdf' }, ''),
        422,
        'DOCUMENT_EMPTY',
      ],
      ['no name', () => upload(t, world.tenderee, tenderId, {}, 'x'), 422, 'VALIDATION_FAILED'],
      ...['a/b.pdf', 'a\\b.pdf', 'bell\u0007.pdf', 'report\u202Efdp.exe', '..', ' ', 'x'.repeat(201)].map(
        (name): [string, () => request.Test, number, string] => [
          `the name ${name.length > 40 ? `of ${name.length} characters` : JSON.stringify(name)}`,
          () => upload(t, world.tenderee, tenderId, { name }, 'x'),
          422,
          'VALIDATION_FAILED',
        ],
      ),
      [
        'a JSON body',
        () => upload(t, world.tenderee, tenderId, { name: 'j' }, '{}', 'application/json'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'a form',
        () => upload(t, world.tenderee, tenderId, { name: 'f' }, 'x', 'multipart/form-data; boundary=x'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'an amendment on a draft',
        () => upload(t, world.tenderee, tenderId, { name: 'ok.pdf', amendment: 1 }, 'x'),
        409,
        'AMENDMENT_REQUIRED',
      ],
      [
        'a bad amendment number',
        () => upload(t, world.tenderee, tenderId, { name: 'ok.pdf', amendment: 'one' }, 'x'),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'an anonymous caller',
        () => upload(t, null, tenderId, { name: 'x.pdf' }, 'x'),
        401,
        'UNAUTHENTICATED',
      ],
      ['a bidder', () => upload(t, world.bidder, tenderId, { name: 'x.pdf' }, 'x'), 403, 'FORBIDDEN'],
      ['a supervisor', () => upload(t, world.supervisor, tenderId, { name: 'x.pdf' }, 'x'), 403, 'FORBIDDEN'],
      ['an admin', () => upload(t, world.admin, tenderId, { name: 'x.pdf' }, 'x'), 403, 'FORBIDDEN'],
      [
        "another tenderee (someone else's draft does not exist for it)",
        () => upload(t, otherTenderee, tenderId, { name: 'x.pdf' }, 'x'),
        404,
        'NOT_FOUND',
      ],
      [
        'an unknown tender',
        () => upload(t, world.tenderee, '00000000-0000-4000-8000-000000000000', { name: 'x' }, 'x'),
        404,
        'NOT_FOUND',
      ],
      [
        'a malformed tender id',
        () => upload(t, world.tenderee, 'not-a-uuid', { name: 'x' }, 'x'),
        422,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [what, call, status, code] of cases) {
      it(`refuses ${what} with ${status} ${code}`, async () => {
        const before = await snapshot(t);
        const res = await call();
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.equal(res.body.error.code, code);
        assert.deepEqual(await snapshot(t), before);
      });
    }
  });

  describe('a published tender changes its documents only with an amendment (ZB Art.23)', () => {
    let tenderId: string;
    let original: string;
    let stranger: TestUser;
    before(async () => {
      tenderId = await draftTender(t, world);
      original = (await upload(t, world.tenderee, tenderId, { name: '招标文件.pdf' }, 'original').expect(201))
        .body.id;
      await publish(t, world, tenderId);
      await issueClarification(t, world, tenderId, 1, 'clarification');
      await issueClarification(t, world, tenderId, 2, 'amendment');
      stranger = await createPartyUser(t, world.admin, 'tenderee');
    });

    const refused: [string, number | undefined][] = [
      ['without an amendment', undefined],
      ['naming an amendment never issued', 9],
      ['naming a clarification, which changes no document', 1],
    ];
    for (const [what, amendment] of refused) {
      it(`refuses a new version ${what} with 409 AMENDMENT_REQUIRED, changing nothing`, async () => {
        const before = await snapshot(t);
        const res = await upload(t, world.tenderee, tenderId, { name: '招标文件.pdf', amendment }, 'changed');
        assert.equal(res.status, 409);
        assert.equal(res.body.error.code, 'AMENDMENT_REQUIRED');
        assert.deepEqual(await snapshot(t), before);
      });
    }

    it('accepts a new version with an issued amendment; the public history shows both', async () => {
      const res = await upload(t, world.agency, tenderId, { name: '招标文件.pdf', amendment: 2 }, 'amended');
      assert.equal(res.status, 201);
      assert.equal(res.body.version, 2);
      assert.equal(res.body.amendment, 2);
      const list = await request(t.app).get(`/api/v1/tenders/${tenderId}/documents`).expect(200);
      const [doc] = list.body.items;
      assert.deepEqual(
        doc.history.map((v: { id: string; amendment: number | null }) => [v.id, v.amendment]),
        [
          [original, null],
          [res.body.id, 2],
        ],
      );
      assert.equal(doc.latest.id, res.body.id);
      assert.equal((await download(t, null, original).expect(200)).body.toString(), 'original');
    });

    it('refuses the staff of another tenderee with 403: the tender is public, but not theirs', async () => {
      const res = await upload(t, stranger, tenderId, { name: 'x.pdf', amendment: 2 }, 'x').expect(403);
      assert.equal(res.body.error.code, 'FORBIDDEN');
    });

    it('refuses a change fewer than 15 days before the deadline, even with an earlier amendment', async () => {
      await advance(t, 11 * DAY, everyone(world)); // 14 days left
      const before = await snapshot(t);
      const res = await upload(t, world.tenderee, tenderId, { name: '招标文件.pdf', amendment: 2 }, 'late');
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'AMENDMENT_REQUIRED');
      assert.deepEqual(res.body.error.details, { minDays: 15 });
      assert.deepEqual(await snapshot(t), before);
    });

    it('refuses any change after the bid deadline with 409 TENDER_CLOSED, before and after bidding closes', async () => {
      await advance(t, 15 * DAY, everyone(world));
      const late = () => upload(t, world.tenderee, tenderId, { name: '招标文件.pdf', amendment: 2 }, 'late');
      assert.equal((await late().expect(409)).body.error.code, 'TENDER_CLOSED');
      assert.equal(await t.platform.tenders.closeDueBidding(), 1);
      assert.equal((await late().expect(409)).body.error.code, 'TENDER_CLOSED');
    });
  });

  it('refuses changes to suspended and cancelled tenders with 409 TENDER_CLOSED', async () => {
    for (const status of ['suspended', 'cancelled'] as const) {
      const tenderId = await draftTender(t, world);
      await publish(t, world, tenderId);
      await issueClarification(t, world, tenderId, 1, 'amendment');
      await t.platform.models.Tender.update({ status }, { where: { id: tenderId } });
      const before = await snapshot(t);
      const res = await upload(t, world.tenderee, tenderId, { name: 'a.pdf', amendment: 1 }, 'x').expect(409);
      assert.equal(res.body.error.code, 'TENDER_CLOSED', status);
      assert.deepEqual(await snapshot(t), before);
    }
  });
});

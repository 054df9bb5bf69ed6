import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createPartyUser, login, registration, type TestUser } from './helpers/api.js';
import { as, binary, download, draftTender, publish, upload } from './helpers/documents.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderWorld, type TenderWorld } from './helpers/tenders.js';

const DAY = 24 * 3600_000;
/** The name of a party that downloads: it is registered but unverified, so no public page may ever show it. */
const PROBE = '泄密探针下载科技有限公司';
/** Keys that would carry download data. */
const DOWNLOAD_KEYS = /"(downloads|withoutParty|downloaders?|downloadCount)"/;

describe('who downloaded the tender documents stays secret until the bid deadline (EB Art.20-21)', () => {
  let t: TestPlatform;
  let world: TenderWorld;
  let probe: TestUser;
  let stranger: TestUser;
  let tenderId: string;
  let docA: string;
  let docB: string;
  let publicBefore: Map<string, string>;

  const report = (user: TestUser | null) =>
    as(user, request(t.app).get(`/api/v1/tenders/${tenderId}/downloads`));
  const people = () => [
    world.admin,
    world.supervisor,
    world.tenderee,
    world.agency,
    world.bidder,
    probe,
    stranger,
  ];

  /**
   * Every GET route of the OpenAPI document, called as anonymous and as a bidder, with each id the test knows
   * put into its path parameters: what the public and a bidder can see, with request ids taken out.
   */
  async function publicView(): Promise<Map<string, string>> {
    const openapi = (await request(t.app).get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, { get?: unknown }>;
    };
    const ids = [tenderId, docA, probe.partyId!, probe.userId, world.bidder.partyId!];
    const seen = new Map<string, string>();
    for (const [path, operations] of Object.entries(openapi.paths)) {
      if (!operations.get) continue;
      const urls = path.includes('{') ? ids.map((id) => path.replace(/\{\w+\}/g, id)) : [path];
      for (const url of urls) {
        for (const caller of [null, world.bidder]) {
          const res = await as(caller, request(t.app).get(url)).buffer(true).parse(binary);
          const body = (res.body as Buffer).toString('utf8').replace(/"requestId":"[^"]*"/g, '');
          assert.ok(!JSON.stringify(res.headers).includes(PROBE), `the headers of GET ${url}`);
          seen.set(`${caller ? 'bidder' : 'anonymous'} GET ${url}`, `${res.status} ${body}`);
        }
      }
    }
    return seen;
  }

  before(async () => {
    t = await createTestPlatform({ DOWNLOADS_PER_MINUTE: '100000' });
    world = await tenderWorld(t);
    stranger = await createPartyUser(t, world.admin, 'tenderee');
    const body = registration('bidder', { name: PROBE });
    const registered = await request(t.app).post('/api/v1/parties').send(body).expect(201);
    probe = {
      token: await login(t.app, body.account.username),
      userId: registered.body.user.id,
      username: body.account.username,
      role: 'bidder',
      partyId: registered.body.party.id,
    };
    tenderId = await draftTender(t, world);
    docA = (await upload(t, world.tenderee, tenderId, { name: '招标文件.pdf' }, 'A').expect(201)).body.id;
    docB = (await upload(t, world.tenderee, tenderId, { name: '图纸.dwg' }, 'B').expect(201)).body.id;
    await publish(t, world, tenderId);
    // Calls every GET route, so it downloads docA once as anonymous and once as the bidder.
    publicBefore = await publicView();
  });
  after(() => t.close());

  it('records every download of a published tender: the user and party when signed in, the address, the time', async () => {
    const { DocumentDownload } = t.platform.models;
    assert.equal(await DocumentDownload.count(), 2, 'the two downloads of the first sweep');
    await download(t, null, docA).expect(200);
    await download(t, probe, docA).expect(200);
    await download(t, world.bidder, docB).expect(200);
    await download(t, probe, docB).expect(200);
    await as(null, request(t.app).head(`/api/v1/documents/${docB}/content`)).expect(200);
    assert.equal(await DocumentDownload.count(), 6, 'HEAD obtains nothing and is not recorded');
    const row = await DocumentDownload.findOne({ where: { documentId: docB, userId: probe.userId } });
    assert.equal(row!.partyId, probe.partyId);
    assert.equal(row!.tenderId, tenderId);
    assert.match(row!.ip, /127\.0\.0\.1$/);
    assert.equal(row!.at.toISOString(), t.clock.now().toISOString());
    const anonymous = await DocumentDownload.count({ where: { documentId: docA, userId: null } });
    assert.equal(anonymous, 2);
  });

  it('shows supervisors who downloaded and how many, at any time', async () => {
    const res = await report(world.supervisor).expect(200);
    const bidderName = (await t.platform.parties.find(world.bidder.partyId!))!.name;
    const byId = (parties: { partyId: string; name: string; downloads: number }[]) =>
      [...parties].sort((a, b) => a.partyId.localeCompare(b.partyId));
    assert.equal(res.body.downloads, 6);
    assert.equal(res.body.withoutParty, 2);
    assert.deepEqual(
      byId(res.body.parties),
      byId([
        { partyId: probe.partyId!, name: PROBE, downloads: 2 },
        { partyId: world.bidder.partyId!, name: bidderName, downloads: 2 },
      ]),
    );
    const perDocument = Object.fromEntries(
      res.body.documents.map((d: { documentId: string; downloads: number; withoutParty: number }) => [
        d.documentId,
        [d.downloads, d.withoutParty],
      ]),
    );
    assert.deepEqual(perDocument, { [docA]: [4, 2], [docB]: [2, 0] });
  });

  it('keeps it from the tenderee, its agency and everyone else before the deadline', async () => {
    await report(null).expect(401);
    for (const user of [world.tenderee, world.agency, world.bidder, probe, world.admin, stranger]) {
      const res = await report(user);
      assert.equal(res.status, 403, user.username);
      assert.equal(res.body.error.code, 'FORBIDDEN');
      assert.doesNotMatch(JSON.stringify(res.body), DOWNLOAD_KEYS);
    }
    await report(world.custodians[0]!).expect(403);
  });

  it('lets no public or bidder GET route reveal any of it before the deadline', async () => {
    const after = await publicView();
    assert.ok(
      after.has(`anonymous GET /api/v1/tenders/${tenderId}/documents`),
      'the sweep covers the documents',
    );
    assert.ok(after.has(`bidder GET /api/v1/tenders/${tenderId}/downloads`), 'and the report itself');
    assert.deepEqual([...after.keys()], [...publicBefore.keys()]);
    for (const [call, answer] of after) {
      assert.equal(answer, publicBefore.get(call), `${call} changed after the downloads`);
      assert.ok(!answer.includes(PROBE), `${call} names a downloader`);
      assert.doesNotMatch(answer, DOWNLOAD_KEYS, `${call} carries download data`);
    }
  });

  it('opens it to the tenderee and its agency once the deadline passes, and still to no one else', async () => {
    t.clock.advance(25 * DAY);
    for (const user of people()) user.token = await login(t.app, user.username);
    const supervised = (await report(world.supervisor).expect(200)).body;
    assert.equal(supervised.parties.find((p: { name: string }) => p.name === PROBE).downloads, 2);
    assert.deepEqual((await report(world.tenderee).expect(200)).body, supervised);
    assert.deepEqual((await report(world.agency).expect(200)).body, supervised);
    for (const user of [world.bidder, probe, world.admin, stranger]) await report(user).expect(403);
    await report(null).expect(401);
  });

  it("answers a draft's report only to those who may see the draft (404 to other tenderees)", async () => {
    const draft = await draftTender(t, world);
    await as(world.bidder, request(t.app).get(`/api/v1/tenders/${draft}/downloads`)).expect(403);
    await as(stranger, request(t.app).get(`/api/v1/tenders/${draft}/downloads`)).expect(404);
    const res = await request(t.app)
      .get(`/api/v1/tenders/${draft}/downloads`)
      .set(bearer(world.supervisor.token));
    assert.equal(res.status, 200);
    assert.equal(res.body.downloads, 0);
  });
});

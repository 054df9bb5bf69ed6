import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createPartyUser, type TestUser } from './helpers/api.js';
import { certifyBidder, sealFile, submitBid } from './helpers/bids.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';

/**
 * The number and names of bidders are secret before the opening (EB Art.21, 27): every other route that shows
 * a tender — its view, the lists, the notices, the OCDS data, the documents — answers exactly the same before
 * and after three bidders bid, withdraw and replace, for every role that may call it.
 */
describe('bids stay secret: no other route changes when bids arrive', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let world: TenderWorld;
  let tender: TenderView;

  before(async () => {
    t = await createTestPlatform();
    world = await tenderWorld(t);
    tender = await publishedTender(t, world);
  });
  after(() => t.close());

  async function everythingVisible(): Promise<Record<string, unknown>> {
    const viewers: [string, TestUser | null][] = [
      ['anonymous', null],
      ['tenderee', world.tenderee],
      ['agency', world.agency],
      ['bidder', world.bidder],
      ['custodian', world.custodians[0]!],
      ['admin', world.admin],
    ];
    const notices = await request(t.app).get('/api/v1/notices').expect(200);
    const paths = [
      `/api/v1/tenders/${tender.id}`,
      '/api/v1/tenders',
      '/api/v1/notices',
      ...(notices.body.items as { id: string }[]).map((n) => `/api/v1/notices/${n.id}`),
      `/api/v1/ocds/tenders/${tender.id}/releases`,
      `/api/v1/ocds/tenders/${tender.id}/record`,
      '/api/v1/ocds/releases',
      `/api/v1/tenders/${tender.id}/documents`,
      `/api/v1/tenders/${tender.id}/bids`,
    ];
    const seen: Record<string, unknown> = {};
    for (const [who, user] of viewers) {
      for (const path of paths) {
        const req = request(t.app).get(path);
        const res = await (user ? req.set(bearer(user.token)) : req);
        // Error answers carry their own request id; nothing else may differ.
        const body = res.body?.error
          ? { ...res.body, error: { ...res.body.error, requestId: '' } }
          : res.body;
        seen[`${who} ${path}`] = { status: res.status, body };
      }
    }
    return seen;
  }

  it('answers every role the same, bids or not', async () => {
    const before = await everythingVisible();
    assert.ok(Object.keys(before).length > 40);
    const bidders = [
      world.bidder,
      ...(await Promise.all([1, 2].map(() => createPartyUser(t, world.admin, 'bidder')))),
    ];
    const bidIds: string[] = [];
    for (const bidder of bidders) {
      const keys = await certifyBidder(t.app, bidder);
      const file = await sealFile(tender, bidder.partyId!, keys);
      bidIds.push((await submitBid(t.app, bidder.token, tender, file).expect(201)).body.bid.id);
      await submitBid(t.app, bidder.token, tender, await sealFile(tender, bidder.partyId!, keys)).expect(201);
    }
    await request(t.app)
      .post(`/api/v1/bids/${bidIds[0]}/withdrawal`)
      .set(bearer(world.bidder.token))
      .expect(200);
    // Certificates were issued meanwhile; nothing about them is on these routes either.
    assert.deepEqual(await everythingVisible(), before);
    const supervised = await request(t.app)
      .get(`/api/v1/tenders/${tender.id}/bids`)
      .set(bearer(world.supervisor.token))
      .expect(200);
    assert.equal(supervised.body.items.length, 3);
  });
});

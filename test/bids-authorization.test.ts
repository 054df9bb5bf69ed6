import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createPartyUser, createStaff, type TestUser } from './helpers/api.js';
import { certifyBidder, sealFile, storedState, submitBid, type BidderKeys } from './helpers/bids.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';

/**
 * Role × route × own/other for the bid routes. The bid in each case belongs to "bidder (own)"; "bidder
 * (other)" is a second verified bidder. Before the opening nobody reads a bid but its own bidder, and only
 * supervisors learn who bid. A refused caller changes nothing.
 */
const CALLERS = [
  'anonymous',
  'admin',
  'tenderee',
  'agency',
  'bidder (own)',
  'bidder (other)',
  'expert',
  'supervisor',
  'custodian',
] as const;
type CallerName = (typeof CALLERS)[number];
type Caller = TestUser | null;
/** A request built but not sent yet. */
interface Unsent {
  request: request.Test;
}

const refusedFor = (allowed: Partial<Record<CallerName, number>>, others = 403) =>
  Object.fromEntries(CALLERS.map((c) => [c, allowed[c] ?? (c === 'anonymous' ? 401 : others)])) as Record<
    CallerName,
    number
  >;

describe('bids authorization matrix: role × route × own/other', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let world: TenderWorld;
  let tender: TenderView;
  let keys: BidderKeys;
  const callers = new Map<CallerName, Caller>();
  // Wrapped so that the request is not sent yet: an async function resolving to a bare supertest Test would
  // send it (await follows thenables), and the state would be read after the call instead of before.
  const as = (c: Caller, r: request.Test): Unsent => ({ request: c ? r.set(bearer(c.token)) : r });

  before(async () => {
    t = await createTestPlatform();
    world = await tenderWorld(t);
    tender = await publishedTender(t, world);
    keys = await certifyBidder(t.app, world.bidder);
    callers.set('anonymous', null);
    callers.set('admin', world.admin);
    callers.set('tenderee', world.tenderee);
    callers.set('agency', world.agency);
    callers.set('bidder (own)', world.bidder);
    callers.set('bidder (other)', await createPartyUser(t, world.admin, 'bidder'));
    callers.set('expert', await createStaff(t, 'expert', 'expert-bids'));
    callers.set('supervisor', world.supervisor);
    callers.set('custodian', world.custodians[0]!);
  });
  after(() => t.close());

  /** A fresh submitted bid of the own bidder. */
  async function ownBid(): Promise<string> {
    const file = await sealFile(tender, world.bidder.partyId!, keys);
    return (await submitBid(t.app, world.bidder.token, tender, file).expect(201)).body.bid.id as string;
  }

  const cases: {
    name: string;
    expect: Record<CallerName, number>;
    call: (c: Caller) => Promise<Unsent>;
  }[] = [
    {
      name: 'POST /tenders/:id/sections/:id/bids (a file sealed by the own bidder)',
      expect: refusedFor({ 'bidder (own)': 201, 'bidder (other)': 422 }),
      call: async (c) => {
        const file = await sealFile(tender, world.bidder.partyId!, keys);
        return { request: submitBid(t.app, c?.token ?? null, tender, file) };
      },
    },
    {
      name: 'GET /bids/:id',
      expect: refusedFor({ 'bidder (own)': 200, 'bidder (other)': 404 }),
      call: async (c) => as(c, request(t.app).get(`/api/v1/bids/${await ownBid()}`)),
    },
    {
      name: 'GET /bids/:id/receipt',
      expect: refusedFor({ 'bidder (own)': 200, 'bidder (other)': 404 }),
      call: async (c) => as(c, request(t.app).get(`/api/v1/bids/${await ownBid()}/receipt`)),
    },
    {
      name: 'GET /bids/:id/ciphertext',
      expect: refusedFor({ 'bidder (own)': 200, 'bidder (other)': 404 }),
      call: async (c) => as(c, request(t.app).get(`/api/v1/bids/${await ownBid()}/ciphertext`)),
    },
    {
      name: 'POST /bids/:id/withdrawal',
      expect: refusedFor({ 'bidder (own)': 200, 'bidder (other)': 404 }),
      call: async (c) => as(c, request(t.app).post(`/api/v1/bids/${await ownBid()}/withdrawal`)),
    },
    {
      name: 'GET /my/bids',
      expect: refusedFor({ 'bidder (own)': 200, 'bidder (other)': 200 }),
      call: async (c) => as(c, request(t.app).get('/api/v1/my/bids')),
    },
    {
      name: 'GET /tenders/:id/bids (who bid)',
      expect: refusedFor({ supervisor: 200 }),
      call: async (c) => as(c, request(t.app).get(`/api/v1/tenders/${tender.id}/bids`)),
    },
  ];

  for (const route of cases) {
    describe(route.name, () => {
      for (const name of CALLERS) {
        const status = route.expect[name];
        it(`${name} → ${status}`, async () => {
          const { request: call } = await route.call(callers.get(name)!);
          const before = await storedState(t);
          const res = await call;
          assert.equal(res.status, status, JSON.stringify(res.body));
          if (status >= 400) assert.deepEqual(await storedState(t), before);
          if (name === 'bidder (other)' && route.name === 'GET /my/bids') {
            assert.deepEqual(res.body.items, []);
          }
        });
      }
    });
  }
});

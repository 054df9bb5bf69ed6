import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createPartyUser, createStaff, type TestUser } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderWorld, validTender, type TenderWorld } from './helpers/tenders.js';

/**
 * Role × route × own/other for the tender routes, in the style of authorization-matrix.test.ts. Each route's
 * row spells out every caller's answer. The tender in each case belongs to one tenderee, who appointed one
 * agency; "other" callers are a second verified tenderee and a second verified agency. A refused caller
 * (401, 403 or 404) changes nothing: the audit chain, the tender rows and the tender itself stay as they were.
 */
const CALLERS = [
  'anonymous',
  'admin',
  'tenderee (own)',
  'tenderee (other)',
  'agency (appointed)',
  'agency (not appointed)',
  'bidder',
  'expert',
  'supervisor',
  'custodian',
] as const;
type CallerName = (typeof CALLERS)[number];
type Caller = TestUser | null;

interface Case {
  name: string;
  /** The answer for each caller; 401/403/404 mean refused. */
  expect: Record<CallerName, number>;
  /** Whether an answer of 2xx changes something (and so must append to the audit chain). */
  mutates: boolean;
  /** Does the case's set-up, then hands back the (not yet sent) request; wrapped, since a Test is a thenable. */
  prepare: (c: Caller) => Promise<{ call: request.Test; tenderId?: string }>;
}

const REFUSAL_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

describe('tenders authorization matrix: role × route × own/other', () => {
  let t: TestPlatform;
  let world: TenderWorld;
  const callers = new Map<CallerName, Caller>();
  const as = (c: Caller, r: request.Test) => (c ? r.set(bearer(c.token)) : r);

  before(async () => {
    t = await createTestPlatform();
    world = await tenderWorld(t);
    callers.set('anonymous', null);
    callers.set('admin', world.admin);
    callers.set('tenderee (own)', world.tenderee);
    callers.set('tenderee (other)', await createPartyUser(t, world.admin, 'tenderee'));
    callers.set('agency (appointed)', world.agency);
    callers.set('agency (not appointed)', await createPartyUser(t, world.admin, 'agency'));
    callers.set('bidder', world.bidder);
    callers.set('expert', await createStaff(t, 'expert', 'expert-tenders'));
    callers.set('supervisor', world.supervisor);
    callers.set('custodian', world.custodians[0]!);
  });
  after(() => t.close());

  /** A tender body as the caller would send it: agencies name the tenderee they act for. */
  const bodyFor = (c: Caller) =>
    validTender(world, t.clock.now(), {
      agencyPartyId: world.agency.partyId,
      ...(c?.role === 'agency' && { tendereePartyId: world.tenderee.partyId! }),
    });
  /** The own tenderee's draft, with the appointed agency. */
  async function draftId(): Promise<string> {
    const res = await request(t.app)
      .post('/api/v1/tenders')
      .set(bearer(world.tenderee.token))
      .send(validTender(world, t.clock.now(), { agencyPartyId: world.agency.partyId }))
      .expect(201);
    return res.body.tender.id as string;
  }
  async function publishedId(): Promise<string> {
    const id = await draftId();
    await request(t.app)
      .post(`/api/v1/tenders/${id}/publication`)
      .set(bearer(world.tenderee.token))
      .expect(200);
    return id;
  }

  const cases: Case[] = [
    {
      name: 'POST /tenders',
      mutates: true,
      expect: {
        anonymous: 401,
        admin: 403,
        'tenderee (own)': 201,
        'tenderee (other)': 201,
        'agency (appointed)': 201,
        'agency (not appointed)': 201,
        bidder: 403,
        expert: 403,
        supervisor: 403,
        custodian: 403,
      },
      prepare: async (c) => ({
        call: as(
          c,
          request(t.app)
            .post('/api/v1/tenders')
            .send(
              validTender(
                world,
                t.clock.now(),
                c?.role === 'agency' ? { tendereePartyId: world.tenderee.partyId! } : {},
              ),
            ),
        ),
      }),
    },
    {
      name: "POST /tenders in the own tenderee's name",
      mutates: true,
      expect: {
        anonymous: 401,
        admin: 403,
        'tenderee (own)': 201,
        'tenderee (other)': 403,
        'agency (appointed)': 201,
        'agency (not appointed)': 201,
        bidder: 403,
        expert: 403,
        supervisor: 403,
        custodian: 403,
      },
      prepare: async (c) => ({
        call: as(
          c,
          request(t.app)
            .post('/api/v1/tenders')
            .send(validTender(world, t.clock.now(), { tendereePartyId: world.tenderee.partyId! })),
        ),
      }),
    },
    {
      name: 'PUT /tenders/:id (draft)',
      mutates: true,
      expect: {
        anonymous: 401,
        admin: 403,
        'tenderee (own)': 200,
        'tenderee (other)': 404,
        'agency (appointed)': 200,
        'agency (not appointed)': 404,
        bidder: 403,
        expert: 403,
        supervisor: 403,
        custodian: 403,
      },
      prepare: async (c) => {
        const id = await draftId();
        return { tenderId: id, call: as(c, request(t.app).put(`/api/v1/tenders/${id}`).send(bodyFor(c))) };
      },
    },
    {
      name: 'PUT /tenders/:id (published; those who run it get 409 TENDER_NOT_DRAFT)',
      mutates: false,
      expect: {
        anonymous: 401,
        admin: 403,
        'tenderee (own)': 409,
        'tenderee (other)': 403,
        'agency (appointed)': 409,
        'agency (not appointed)': 403,
        bidder: 403,
        expert: 403,
        supervisor: 403,
        custodian: 403,
      },
      prepare: async (c) => {
        const id = await publishedId();
        return { tenderId: id, call: as(c, request(t.app).put(`/api/v1/tenders/${id}`).send(bodyFor(c))) };
      },
    },
    {
      name: 'POST /tenders/:id/check (draft)',
      mutates: false,
      expect: {
        anonymous: 401,
        admin: 403,
        'tenderee (own)': 200,
        'tenderee (other)': 404,
        'agency (appointed)': 200,
        'agency (not appointed)': 404,
        bidder: 403,
        expert: 403,
        supervisor: 200,
        custodian: 403,
      },
      prepare: async (c) => {
        const id = await draftId();
        return { tenderId: id, call: as(c, request(t.app).post(`/api/v1/tenders/${id}/check`)) };
      },
    },
    {
      name: 'POST /tenders/:id/check (published)',
      mutates: false,
      expect: {
        anonymous: 401,
        admin: 403,
        'tenderee (own)': 200,
        'tenderee (other)': 403,
        'agency (appointed)': 200,
        'agency (not appointed)': 403,
        bidder: 403,
        expert: 403,
        supervisor: 200,
        custodian: 403,
      },
      prepare: async (c) => {
        const id = await publishedId();
        return { tenderId: id, call: as(c, request(t.app).post(`/api/v1/tenders/${id}/check`)) };
      },
    },
    {
      name: 'POST /tenders/:id/publication (draft)',
      mutates: true,
      expect: {
        anonymous: 401,
        admin: 403,
        'tenderee (own)': 200,
        'tenderee (other)': 404,
        'agency (appointed)': 200,
        'agency (not appointed)': 404,
        bidder: 403,
        expert: 403,
        supervisor: 403,
        custodian: 403,
      },
      prepare: async (c) => {
        const id = await draftId();
        return { tenderId: id, call: as(c, request(t.app).post(`/api/v1/tenders/${id}/publication`)) };
      },
    },
    {
      name: 'POST /tenders/:id/cancellation (draft)',
      mutates: true,
      expect: {
        anonymous: 401,
        admin: 403,
        'tenderee (own)': 200,
        'tenderee (other)': 404,
        'agency (appointed)': 200,
        'agency (not appointed)': 404,
        bidder: 403,
        expert: 403,
        supervisor: 403,
        custodian: 403,
      },
      prepare: async (c) => {
        const id = await draftId();
        const call = request(t.app).post(`/api/v1/tenders/${id}/cancellation`).send({ reason: '项目取消' });
        return { tenderId: id, call: as(c, call) };
      },
    },
    {
      name: 'POST /tenders/:id/cancellation (published)',
      mutates: true,
      expect: {
        anonymous: 401,
        admin: 403,
        'tenderee (own)': 200,
        'tenderee (other)': 403,
        'agency (appointed)': 200,
        'agency (not appointed)': 403,
        bidder: 403,
        expert: 403,
        supervisor: 403,
        custodian: 403,
      },
      prepare: async (c) => {
        const id = await publishedId();
        const call = request(t.app).post(`/api/v1/tenders/${id}/cancellation`).send({ reason: '项目取消' });
        return { tenderId: id, call: as(c, call) };
      },
    },
    {
      name: 'GET /tenders',
      mutates: false,
      expect: {
        anonymous: 401,
        admin: 200,
        'tenderee (own)': 200,
        'tenderee (other)': 200,
        'agency (appointed)': 200,
        'agency (not appointed)': 200,
        bidder: 403,
        expert: 403,
        supervisor: 200,
        custodian: 403,
      },
      prepare: async (c) => ({ call: as(c, request(t.app).get('/api/v1/tenders')) }),
    },
    {
      name: 'GET /tenders/:id (draft)',
      mutates: false,
      expect: {
        anonymous: 404,
        admin: 200,
        'tenderee (own)': 200,
        'tenderee (other)': 404,
        'agency (appointed)': 200,
        'agency (not appointed)': 404,
        bidder: 404,
        expert: 404,
        supervisor: 200,
        custodian: 404,
      },
      prepare: async (c) => {
        const id = await draftId();
        return { tenderId: id, call: as(c, request(t.app).get(`/api/v1/tenders/${id}`)) };
      },
    },
    {
      name: 'GET /tenders/:id (published)',
      mutates: false,
      expect: {
        anonymous: 200,
        admin: 200,
        'tenderee (own)': 200,
        'tenderee (other)': 200,
        'agency (appointed)': 200,
        'agency (not appointed)': 200,
        bidder: 200,
        expert: 200,
        supervisor: 200,
        custodian: 200,
      },
      prepare: async (c) => {
        const id = await publishedId();
        return { tenderId: id, call: as(c, request(t.app).get(`/api/v1/tenders/${id}`)) };
      },
    },
  ];

  /** Everything a tender request could change. */
  async function state(tenderId?: string) {
    const m = t.platform.models;
    return {
      auditSeq: Number((await m.AuditHead.findByPk(1))!.seq),
      tenders: await m.Tender.count(),
      sections: await m.TenderSection.count(),
      custodians: await m.TenderCustodian.count(),
      tender: tenderId ? await t.platform.tenders.view(tenderId) : null,
    };
  }

  it('covers every role, both tenderees and both agencies', () => {
    assert.deepEqual([...callers.values()].map((c) => c?.role ?? 'anonymous').sort(), [
      'admin',
      'agency',
      'agency',
      'anonymous',
      'bidder',
      'custodian',
      'expert',
      'supervisor',
      'tenderee',
      'tenderee',
    ]);
    assert.notEqual(callers.get('tenderee (other)')!.partyId, world.tenderee.partyId);
    assert.notEqual(callers.get('agency (not appointed)')!.partyId, world.agency.partyId);
  });

  for (const testCase of cases) {
    describe(testCase.name, () => {
      for (const who of CALLERS) {
        const expected = testCase.expect[who];
        it(`${who} → ${expected}`, async () => {
          const caller = callers.get(who)!;
          const { call, tenderId } = await testCase.prepare(caller);
          const before = await state(tenderId);
          const res = await call;
          assert.equal(res.status, expected, JSON.stringify(res.body));
          const after = await state(tenderId);
          if (expected >= 200 && expected < 300) {
            if (testCase.mutates)
              assert.ok(after.auditSeq > before.auditSeq, 'an accepted change is audited');
            else assert.deepEqual(after, before, 'a read changes nothing');
            return;
          }
          if (REFUSAL_CODES[expected]) assert.equal(res.body.error.code, REFUSAL_CODES[expected]);
          assert.deepEqual(after, before, 'a refused call changes nothing');
        });
      }
    });
  }
});

import assert from 'node:assert/strict';
import request from 'supertest';
import { ROLES, type Role } from '../src/platform/auth/roles.js';
import {
  bearer,
  createAdmin,
  createPartyUser,
  createStaff,
  registration,
  type TestUser,
} from './helpers/api.js';
import { userKeyAndCsr } from './helpers/keys.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/**
 * Role × route × own/other party. Each case says which callers may do it; every other caller must get
 * 401 (anonymous) or 403, and nothing may change for them (the audit chain does not grow).
 */
type Caller = TestUser | 'anonymous';
interface Case {
  name: string;
  allowed: (c: Caller) => boolean;
  /** Callers for whom the case makes no sense (no party of their own). */
  skip?: (c: Caller) => boolean;
  success: number;
  /** Does the case's set-up, then hands back the (not yet sent) request; wrapped, since a Test is a thenable. */
  prepare: (c: Caller) => Promise<{ call: request.Test }> | { call: request.Test };
}

const roleOf = (c: Caller) => (c === 'anonymous' ? 'anonymous' : c.role);
const is =
  (...roles: Role[]) =>
  (c: Caller) =>
    c !== 'anonymous' && roles.includes(c.role);
const anyone = () => true;
const authenticated = (c: Caller) => c !== 'anonymous';
const PARTY_ROLES: Role[] = ['tenderee', 'agency', 'bidder'];

describe('authorization matrix: role × route × own/other party', () => {
  let t: TestPlatform;
  const callers: Caller[] = ['anonymous'];
  let admin: TestUser;
  let otherParty: TestUser;
  let counter = 0;
  const as = (c: Caller, r: request.Test) => (c === 'anonymous' ? r : r.set(bearer(c.token)));

  before(async () => {
    t = await createTestPlatform();
    admin = await createAdmin(t);
    callers.push(admin);
    for (const role of ['tenderee', 'agency', 'bidder'] as const)
      callers.push(await createPartyUser(t, admin, role));
    for (const role of ['expert', 'supervisor', 'custodian'] as const)
      callers.push(await createStaff(t, role, role));
    otherParty = await createPartyUser(t, admin, 'bidder');
    assert.deepEqual(callers.map(roleOf).sort(), ['anonymous', ...ROLES].sort());
  });
  after(() => t.close());

  const pendingParty = async () =>
    (await request(t.app).post('/api/v1/parties').send(registration('bidder')).expect(201)).body.party
      .id as string;
  const staffAccount = () => ({
    username: `staff${++counter}`,
    password: 'long-enough-pw',
    displayName: '员工',
  });
  const certificateOf = async (holder: TestUser) =>
    (
      await request(t.app)
        .post('/api/v1/certificates')
        .set(bearer(holder.token))
        .send({ csrPem: userKeyAndCsr().csrPem })
        .expect(201)
    ).body.serial as string;

  const cases: Case[] = [
    {
      name: 'GET /auth/me',
      allowed: authenticated,
      success: 200,
      prepare: (c) => ({ call: as(c, request(t.app).get('/api/v1/auth/me')) }),
    },
    {
      name: 'GET /users',
      allowed: is('admin'),
      success: 200,
      prepare: (c) => ({ call: as(c, request(t.app).get('/api/v1/users')) }),
    },
    ...(['custodians', 'supervisors'] as const).map((list) => ({
      name: `GET /directory/${list}`,
      allowed: is('tenderee', 'agency', 'admin'),
      success: 200,
      prepare: (c: Caller) => ({ call: as(c, request(t.app).get(`/api/v1/directory/${list}`)) }),
    })),
    {
      name: 'POST /users',
      allowed: is('admin'),
      success: 201,
      prepare: (c) => ({
        call: as(
          c,
          request(t.app)
            .post('/api/v1/users')
            .send({ ...staffAccount(), role: 'expert' }),
        ),
      }),
    },
    {
      name: 'POST /users/:id/status',
      allowed: is('admin'),
      success: 200,
      prepare: async (c) => {
        const ctx = { actor: null, ip: '127.0.0.1', requestId: 'matrix' };
        const user = await t.platform.identity.createStaffUser(ctx, {
          ...staffAccount(),
          role: 'expert',
          partyId: null,
        });
        return {
          call: as(c, request(t.app).post(`/api/v1/users/${user.id}/status`).send({ status: 'disabled' })),
        };
      },
    },
    {
      name: 'GET /parties',
      allowed: anyone,
      success: 200,
      prepare: (c) => ({ call: as(c, request(t.app).get('/api/v1/parties')) }),
    },
    {
      name: 'POST /parties (self-registration)',
      allowed: anyone,
      success: 201,
      prepare: (c) => ({ call: as(c, request(t.app).post('/api/v1/parties').send(registration('agency'))) }),
    },
    {
      name: 'PATCH /parties/:own',
      allowed: is(...PARTY_ROLES),
      skip: (c) => !is(...PARTY_ROLES)(c),
      success: 200,
      prepare: (c) => ({
        call: as(
          c,
          request(t.app)
            .patch(`/api/v1/parties/${(c as TestUser).partyId}`)
            .send({ contactName: '赵六' }),
        ),
      }),
    },
    {
      name: 'PATCH /parties/:other',
      allowed: is('admin'),
      success: 200,
      prepare: (c) => ({
        call: as(
          c,
          request(t.app).patch(`/api/v1/parties/${otherParty.partyId}`).send({ contactName: '孙七' }),
        ),
      }),
    },
    {
      name: 'POST /parties/:id/verification',
      allowed: is('admin'),
      success: 200,
      prepare: async (c) => {
        const url = `/api/v1/parties/${await pendingParty()}/verification`;
        return { call: as(c, request(t.app).post(url).send({ decision: 'approve' })) };
      },
    },
    {
      name: 'POST /parties/:own/users',
      allowed: is(...PARTY_ROLES),
      skip: (c) => !is(...PARTY_ROLES)(c),
      success: 201,
      prepare: (c) => ({
        call: as(
          c,
          request(t.app)
            .post(`/api/v1/parties/${(c as TestUser).partyId}/users`)
            .send(staffAccount()),
        ),
      }),
    },
    {
      name: 'POST /parties/:other/users',
      allowed: is('admin'),
      success: 201,
      prepare: (c) => ({
        call: as(c, request(t.app).post(`/api/v1/parties/${otherParty.partyId}/users`).send(staffAccount())),
      }),
    },
    {
      name: 'POST /certificates',
      allowed: authenticated,
      success: 201,
      prepare: (c) => ({
        call: as(c, request(t.app).post('/api/v1/certificates').send({ csrPem: userKeyAndCsr().csrPem })),
      }),
    },
    {
      name: 'GET /certificates (own)',
      allowed: authenticated,
      success: 200,
      prepare: (c) => ({ call: as(c, request(t.app).get('/api/v1/certificates')) }),
    },
    {
      name: 'POST /certificates/:own/revocation',
      allowed: authenticated,
      skip: (c) => c === 'anonymous',
      success: 200,
      prepare: async (c) => {
        const url = `/api/v1/certificates/${await certificateOf(c as TestUser)}/revocation`;
        return { call: as(c, request(t.app).post(url).send({ reason: 'key lost' })) };
      },
    },
    {
      name: 'POST /certificates/:other/revocation',
      allowed: is('admin'),
      success: 200,
      prepare: async (c) => {
        const url = `/api/v1/certificates/${await certificateOf(otherParty)}/revocation`;
        return { call: as(c, request(t.app).post(url).send({ reason: 'compromised' })) };
      },
    },
    {
      name: 'GET /ca',
      allowed: anyone,
      success: 200,
      prepare: (c) => ({ call: as(c, request(t.app).get('/api/v1/ca')) }),
    },
  ];

  const auditHead = async () => Number((await t.platform.models.AuditHead.findByPk(1))!.seq);

  for (const testCase of cases) {
    describe(testCase.name, () => {
      for (const who of ['anonymous', ...ROLES] as const) {
        it(who, async function () {
          const caller = callers.find((c) => roleOf(c) === who)!;
          if (testCase.skip?.(caller)) this.skip();
          const { call } = await testCase.prepare(caller);
          const before = await auditHead();
          const res = await call;
          if (testCase.allowed(caller)) {
            assert.equal(res.status, testCase.success, JSON.stringify(res.body));
            if (call.method !== 'GET')
              assert.ok((await auditHead()) > before, 'an accepted change is audited');
            return;
          }
          assert.equal(res.status, caller === 'anonymous' ? 401 : 403, JSON.stringify(res.body));
          assert.equal(res.body.error.code, caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
          assert.equal(await auditHead(), before, 'a refused call changes nothing');
        });
      }
    });
  }
});

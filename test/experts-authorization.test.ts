import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createPartyUser, createStaff, type TestUser } from './helpers/api.js';
import { drawBody, drawWorld, expertRow, seated, toCsv, userOf, type DrawWorld } from './helpers/experts.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/**
 * Role × route × own/other for the pool and draw routes, in the style of tenders-authorization.test.ts. The draw
 * belongs to one tender (tenderee with an appointed agency) and names one supervisor; "drawn" is an expert the
 * draw seated, "expert" one it did not. A refused caller (401, 403, 404) leaves the audit chain as it was.
 */
const CALLERS = [
  'anonymous',
  'admin',
  'tenderee (own)',
  'tenderee (other)',
  'agency (appointed)',
  'agency (other)',
  'bidder',
  'expert',
  'expert (drawn)',
  'supervisor (named)',
  'supervisor (other)',
  'custodian',
] as const;
type CallerName = (typeof CALLERS)[number];
type Caller = TestUser | null;
/** A request built but not sent yet. */
interface Unsent {
  request: request.Test;
}

interface Case {
  name: string;
  expect: Record<CallerName, number>;
  prepare: (c: Caller) => Promise<Unsent>;
}

const row = (
  anonymous: number,
  admin: number,
  tendereeOwn: number,
  tendereeOther: number,
  agencyOwn: number,
  agencyOther: number,
  bidder: number,
  expert: number,
  drawn: number,
  supervisorNamed: number,
  supervisorOther: number,
  custodian: number,
): Record<CallerName, number> => ({
  anonymous,
  admin,
  'tenderee (own)': tendereeOwn,
  'tenderee (other)': tendereeOther,
  'agency (appointed)': agencyOwn,
  'agency (other)': agencyOther,
  bidder,
  expert,
  'expert (drawn)': drawn,
  'supervisor (named)': supervisorNamed,
  'supervisor (other)': supervisorOther,
  custodian,
});

describe('expert pool and draw authorization matrix: role × route × own/other', function () {
  // The world (a published tender and eight experts with logins) takes over 20 s on a loaded MariaDB runner.
  this.timeout(120_000);
  let t: TestPlatform;
  let world: DrawWorld;
  let drawId: string;
  const callers = new Map<CallerName, Caller>();
  // Wrapped so that the request is not sent yet: an async function resolving to a bare supertest Test would
  // send it (await follows thenables), and the state would be read after the call instead of before.
  const as = (c: Caller, r: request.Test): Unsent => ({ request: c ? r.set(bearer(c.token)) : r });
  const api = (method: 'get' | 'post' | 'put' | 'patch', path: string) =>
    request(t.app)[method](`/api/v1${path}`);

  /** A fresh committed draw, witnessed or run as asked. */
  async function freshDraw(stage: 'committed' | 'witnessed' | 'drawn'): Promise<string> {
    const res = await api('post', `/tenders/${world.tender.id}/expert-draws`)
      .set(bearer(world.agency.token))
      .send(drawBody(world, { slots: [{ specialty: 'A0802', count: 1, remote: 0 }] }))
      .expect(201);
    const id = res.body.id as string;
    if (stage === 'committed') return id;
    await api('post', `/expert-draws/${id}/witness`).set(bearer(world.supervisor.token)).send({}).expect(200);
    if (stage === 'drawn')
      await api('post', `/expert-draws/${id}/run`).set(bearer(world.agency.token)).expect(200);
    return id;
  }

  before(async () => {
    // No cooldown, so the small pool serves every case's fresh draw.
    t = await createTestPlatform({ EXPERT_COOLDOWN_DAYS: '0' });
    world = await drawWorld(t, { local: 4, remote: 0 });
    drawId = await freshDraw('drawn');
    const [member] = await seated(t, world, drawId);
    callers.set('anonymous', null);
    callers.set('admin', world.admin);
    callers.set('tenderee (own)', world.tenderee);
    callers.set('tenderee (other)', await createPartyUser(t, world.admin, 'tenderee'));
    callers.set('agency (appointed)', world.agency);
    callers.set('agency (other)', await createPartyUser(t, world.admin, 'agency'));
    callers.set('bidder', world.bidder);
    callers.set(
      'expert',
      world.experts.find((e) => e.expertId !== member!.expertId)!,
    );
    callers.set('expert (drawn)', userOf(world, member!.expertId));
    callers.set('supervisor (named)', world.supervisor);
    callers.set('supervisor (other)', await createStaff(t, 'supervisor', 'supervisor-other'));
    callers.set('custodian', world.custodians[0]!);
  });
  after(() => t.close());

  const cases: Case[] = [
    {
      name: 'POST /tenders/:id/expert-draws',
      expect: row(401, 403, 403, 403, 201, 403, 403, 403, 403, 403, 403, 403),
      prepare: async (c) =>
        as(
          c,
          api('post', `/tenders/${world.tender.id}/expert-draws`).send(
            drawBody(world, { slots: [{ specialty: 'A0802', count: 1, remote: 0 }] }),
          ),
        ),
    },
    {
      name: 'GET /expert-draws/:id (sealed)',
      expect: row(404, 200, 200, 404, 200, 404, 404, 404, 200, 200, 404, 404),
      prepare: async (c) => as(c, api('get', `/expert-draws/${drawId}`)),
    },
    {
      name: 'GET /expert-draws/:id/record (sealed)',
      expect: row(404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
      prepare: async (c) => as(c, api('get', `/expert-draws/${drawId}/record`)),
    },
    {
      name: 'POST /expert-draws/:id/witness',
      expect: row(401, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403),
      prepare: async (c) =>
        as(c, api('post', `/expert-draws/${await freshDraw('committed')}/witness`).send({})),
    },
    {
      name: 'POST /expert-draws/:id/run',
      expect: row(401, 403, 403, 404, 200, 404, 403, 403, 403, 200, 404, 403),
      prepare: async (c) => as(c, api('post', `/expert-draws/${await freshDraw('witnessed')}/run`)),
    },
    {
      name: 'POST /expert-draws/:id/response',
      expect: row(401, 403, 403, 403, 403, 403, 403, 404, 200, 403, 403, 403),
      prepare: async (c) =>
        as(c, api('post', `/expert-draws/${drawId}/response`).send({ decision: 'confirm' })),
    },
    {
      name: 'POST /expert-draws/:id/announcement (all confirmed)',
      expect: row(401, 403, 403, 404, 200, 404, 403, 403, 403, 403, 403, 403),
      prepare: async (c) => {
        const id = await freshDraw('drawn');
        const [member] = await seated(t, world, id);
        await api('post', `/expert-draws/${id}/response`)
          .set(bearer(userOf(world, member!.expertId).token))
          .send({ decision: 'confirm' })
          .expect(200);
        return as(c, api('post', `/expert-draws/${id}/announcement`));
      },
    },
    {
      name: 'GET /experts',
      expect: row(401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403),
      prepare: async (c) => as(c, api('get', '/experts')),
    },
    {
      name: 'POST /expert-imports',
      expect: row(401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
      prepare: async (c) =>
        as(
          c,
          api('post', '/expert-imports')
            .set('Content-Type', 'text/csv')
            .send(toCsv([expertRow()])),
        ),
    },
    {
      name: 'PATCH /experts/:id',
      expect: row(401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
      prepare: async (c) =>
        as(c, api('patch', `/experts/${world.experts[0]!.expertId}`).send({ title: '教授级高工' })),
    },
    {
      name: 'GET /experts/me',
      expect: row(401, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403),
      prepare: async (c) => as(c, api('get', '/experts/me')),
    },
    {
      name: 'POST /experts/:id/sanctions',
      expect: row(401, 201, 403, 403, 403, 403, 403, 403, 403, 201, 201, 403),
      prepare: async (c) => {
        const res = await api('post', '/experts')
          .set(bearer(world.admin.token))
          .send(expertRow())
          .expect(201);
        return as(
          c,
          api('post', `/experts/${res.body.id}/sanctions`).send({ action: 'suspend', reason: '测试暂停' }),
        );
      },
    },
  ];

  for (const c of cases) {
    describe(c.name, () => {
      for (const name of CALLERS) {
        it(`${name} → ${c.expect[name]}`, async () => {
          const caller = callers.get(name)!;
          const { request: call } = await c.prepare(caller);
          const audit = await t.platform.models.AuditEntry.count();
          const res = await call;
          assert.equal(res.status, c.expect[name], JSON.stringify(res.body));
          if (res.status >= 400) {
            assert.equal(await t.platform.models.AuditEntry.count(), audit, 'a refusal changes nothing');
          }
        });
      }
    });
  }
});

import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createPartyUser } from './helpers/api.js';
import { drawBody, drawWorld, type DrawWorld } from './helpers/experts.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/**
 * Exclusions (回避) by name: the requester finds experts by name (a few, for itself only) instead of typing
 * ids, and sees whom it excluded; the exclusions the credit rule adds are named to the draw's supervisor only.
 */
describe('expert draw exclusions: found by name, shown by name, credit ones sealed from the tender side', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let world: DrawWorld;
  const get = (path: string, token?: string) => {
    const r = request(t.app).get(`/api/v1${path}`);
    return token ? r.set(bearer(token)) : r;
  };
  const candidates = (q: string, token?: string, extra = '') =>
    get(
      `/tenders/${world.tender.id}/expert-draws/exclusion-candidates?q=${encodeURIComponent(q)}${extra}`,
      token,
    );

  before(async () => {
    t = await createTestPlatform({ EXPERT_COOLDOWN_DAYS: '0' });
    world = await drawWorld(t, { local: 5, remote: 0 });
  });
  after(() => t.close());

  it('finds active experts by name for the agency running the tender: name, employer and title only', async () => {
    const target = world.experts[0]!;
    const res = await candidates(target.row.name, world.agency.token).expect(200);
    const found = res.body.items.find((e: { id: string }) => e.id === target.expertId);
    assert.deepEqual(found, {
      id: target.expertId,
      name: target.row.name,
      employerName: target.row.employerName,
      title: target.row.title,
    });
    // '专家' is in every generated name: the answer is capped, and never more than asked for.
    const all = (await candidates('专家', world.agency.token, '&limit=20').expect(200)).body.items;
    assert.equal(all.length, world.experts.length);
    assert.equal((await candidates('专家', world.agency.token, '&limit=2').expect(200)).body.items.length, 2);
  });

  it('refuses a bare surname, wildcards, big pages and everyone but the requester', async () => {
    await candidates('专', world.agency.token).expect(422);
    await candidates('%%', world.agency.token).expect(422);
    await candidates('专家', world.agency.token, '&limit=21').expect(422);
    await candidates('专家').expect(401);
    // With an agency appointed, the tenderee does not request draws (ZB Art.12); nor another agency.
    await candidates('专家', world.tenderee.token).expect(403);
    const otherAgency = await createPartyUser(t, world.admin, 'agency');
    await candidates('专家', otherAgency.token).expect(403);
    await candidates('专家', world.supervisor.token).expect(403);
    await candidates('专家', world.bidder.token).expect(403);
  });

  it('names the requested exclusions to the tender side and all of them to the supervisor only', async () => {
    const [asked, barred] = [world.experts[0]!, world.experts[1]!];
    // The credit module's port, as src/modules/credit/index.ts fills it: one expert barred by a record.
    t.platform.experts.draws.setCreditCheck({
      barredExperts: () =>
        Promise.resolve([
          {
            expertId: barred.expertId,
            barring: { recordId: 'rec-1', kindName: '专家清退', validUntil: null },
          },
        ]),
    });
    const created = await request(t.app)
      .post(`/api/v1/tenders/${world.tender.id}/expert-draws`)
      .set(bearer(world.agency.token))
      .send(
        drawBody(world, {
          slots: [{ specialty: 'A0802', count: 1, remote: 0 }],
          exclusions: [{ expertId: asked.expertId, reason: '与投标人有利害关系' }],
        }),
      )
      .expect(201);
    const id = created.body.id as string;
    const requested = {
      expertId: asked.expertId,
      name: asked.row.name,
      employerName: asked.row.employerName,
      reason: '与投标人有利害关系',
      source: 'requested',
    };
    assert.deepEqual(created.body.exclusions, [requested]);
    assert.equal(created.body.request.exclusions, 2, 'the count still says two');
    assert.deepEqual((await get(`/expert-draws/${id}`, world.tenderee.token).expect(200)).body.exclusions, [
      requested,
    ]);

    const supervised = (await get(`/expert-draws/${id}`, world.supervisor.token).expect(200)).body;
    assert.deepEqual(supervised.exclusions, [
      requested,
      {
        expertId: barred.expertId,
        name: barred.row.name,
        employerName: barred.row.employerName,
        reason: '信用记录：专家清退（rec-1）长期有效',
        source: 'credit',
      },
    ]);
    // Admins run the platform, not the draw: the count only.
    assert.equal((await get(`/expert-draws/${id}`, world.admin.token).expect(200)).body.exclusions, null);
  });
});

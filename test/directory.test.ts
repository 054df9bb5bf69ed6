import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createAdmin, createPartyUser, createStaff, type TestUser } from './helpers/api.js';
import { userKeyAndCsr } from './helpers/keys.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

describe('directory: custodians and supervisors to pick by name', () => {
  let t: TestPlatform;
  let admin: TestUser;
  let tenderee: TestUser;
  let agency: TestUser;
  let bidder: TestUser;
  let certified: TestUser;
  let uncertified: TestUser;
  let disabled: TestUser;
  let supervisor: TestUser;
  let expert: TestUser;

  before(async () => {
    t = await createTestPlatform();
    admin = await createAdmin(t);
    tenderee = await createPartyUser(t, admin, 'tenderee');
    agency = await createPartyUser(t, admin, 'agency');
    bidder = await createPartyUser(t, admin, 'bidder');
    certified = await createStaff(t, 'custodian', 'keeper.a');
    uncertified = await createStaff(t, 'custodian', 'keeper.b');
    disabled = await createStaff(t, 'custodian', 'keeper.c');
    supervisor = await createStaff(t, 'supervisor', 'watcher');
    expert = await createStaff(t, 'expert', 'reviewer');
    await request(t.app)
      .post('/api/v1/certificates')
      .set(bearer(certified.token))
      .send({ csrPem: userKeyAndCsr().csrPem })
      .expect(201);
    await request(t.app)
      .post(`/api/v1/users/${disabled.userId}/status`)
      .set(bearer(admin.token))
      .send({ status: 'disabled' })
      .expect(200);
  });
  after(() => t.close());

  it('lists the active custodians by name with whether each may be named (a valid certificate)', async () => {
    const res = await request(t.app)
      .get('/api/v1/directory/custodians')
      .set(bearer(tenderee.token))
      .expect(200);
    const items = res.body.items as Record<string, unknown>[];
    assert.deepEqual(
      items.map((c) => [c.displayName, c.hasValidCertificate]),
      [
        ['keeper.a', true],
        ['keeper.b', false],
      ],
      'the disabled custodian is not offered; nobody of another role is',
    );
    assert.equal(items[0]!.id, certified.userId);
    assert.equal(items[1]!.id, uncertified.userId);
    for (const item of items) {
      assert.deepEqual(Object.keys(item).sort(), ['displayName', 'hasValidCertificate', 'id', 'partyName']);
      assert.equal(item.partyName, null, 'a custodian is platform staff');
    }
  });

  it('lists the active supervisors by name to an agency and an admin alike', async () => {
    for (const caller of [agency, admin]) {
      const res = await request(t.app)
        .get('/api/v1/directory/supervisors')
        .set(bearer(caller.token))
        .expect(200);
      assert.deepEqual(res.body, {
        items: [{ id: supervisor.userId, displayName: 'watcher', partyName: null }],
      });
    }
  });

  it('refuses anyone who does not write tenders or request draws, and visitors', async () => {
    for (const path of ['/api/v1/directory/custodians', '/api/v1/directory/supervisors']) {
      await request(t.app).get(path).expect(401);
      for (const caller of [bidder, expert, supervisor, certified]) {
        const res = await request(t.app).get(path).set(bearer(caller.token)).expect(403);
        assert.equal(res.body.error.code, 'FORBIDDEN');
      }
    }
  });
});

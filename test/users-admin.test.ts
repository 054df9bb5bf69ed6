import assert from 'node:assert/strict';
import request from 'supertest';
import { bearer, createAdmin, createPartyUser, createStaff, login, type TestUser } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

describe("users: the admin's list, enabling and disabling accounts", () => {
  let t: TestPlatform;
  let admin: TestUser;
  let bidder: TestUser;
  let expert: TestUser;

  before(async () => {
    t = await createTestPlatform();
    admin = await createAdmin(t, 'root');
    bidder = await createPartyUser(t, admin, 'bidder');
    expert = await createStaff(t, 'expert', 'expert.wang');
  });
  after(() => t.close());

  const list = (query: Record<string, string> = {}, as = admin) =>
    request(t.app).get('/api/v1/users').query(query).set(bearer(as.token));

  it('lists every account with its role, status and party name, and never a password hash', async () => {
    const res = await list().expect(200);
    const usernames = res.body.items.map((u: { username: string }) => u.username);
    assert.deepEqual(usernames.sort(), ['expert.wang', bidder.username, 'root'].sort());
    const own = res.body.items.find((u: { username: string }) => u.username === bidder.username);
    const party = await request(t.app).get(`/api/v1/parties/${bidder.partyId}`).expect(200);
    assert.equal(own.partyName, party.body.name);
    assert.equal(own.role, 'bidder');
    assert.equal(own.status, 'active');
    const staff = res.body.items.find((u: { username: string }) => u.username === 'expert.wang');
    assert.equal(staff.partyName, null);
    assert.doesNotMatch(JSON.stringify(res.body), /passwordHash|password_hash|scrypt|\$/);
  });

  it('searches by part of the username or display name, literally, and filters by role', async () => {
    const byName = await list({ q: 'wang' }).expect(200);
    assert.deepEqual(
      byName.body.items.map((u: { username: string }) => u.username),
      ['expert.wang'],
    );
    const wildcard = await list({ q: '%' }).expect(200);
    assert.equal(wildcard.body.items.length, 0, '% is a character, not a wildcard');
    const byRole = await list({ role: 'bidder' }).expect(200);
    assert.deepEqual(
      byRole.body.items.map((u: { username: string }) => u.username),
      [bidder.username],
    );
  });

  it('pages with a cursor', async () => {
    const first = await list({ limit: '2' }).expect(200);
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await list({ limit: '2', cursor: first.body.nextCursor }).expect(200);
    assert.equal(second.body.items.length, 1);
    assert.equal(second.body.nextCursor, null);
  });

  it('is for admins only', async () => {
    await list({}, bidder).expect(403);
    await request(t.app).get('/api/v1/users').expect(401);
    await request(t.app)
      .post(`/api/v1/users/${expert.userId}/status`)
      .set(bearer(bidder.token))
      .send({ status: 'disabled' })
      .expect(403);
  });

  it('disables an account: its session ends at once, it cannot log in, and the audit log says who', async () => {
    const token = await login(t.app, 'expert.wang');
    await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    const res = await request(t.app)
      .post(`/api/v1/users/${expert.userId}/status`)
      .set(bearer(admin.token))
      .send({ status: 'disabled' })
      .expect(200);
    assert.equal(res.body.status, 'disabled');
    await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(401);
    await request(t.app)
      .post('/api/v1/auth/login')
      .send({ username: 'expert.wang', password: 'correct-horse-battery' })
      .expect(401);
    const disabled = await list({ status: 'disabled' }).expect(200);
    assert.deepEqual(
      disabled.body.items.map((u: { username: string }) => u.username),
      ['expert.wang'],
    );
    const [rows] = await t.platform.db.sequelize.query(
      'SELECT action, actor_user_id FROM audit_entries WHERE subject = ?',
      { replacements: [`user:${expert.userId}`] },
    );
    const entry = (rows as { action: string; actor_user_id: string }[]).find(
      (r) => r.action === 'user.disable',
    );
    assert.equal(entry?.actor_user_id, admin.userId);
  });

  it('enables it again', async () => {
    await request(t.app)
      .post(`/api/v1/users/${expert.userId}/status`)
      .set(bearer(admin.token))
      .send({ status: 'active' })
      .expect(200);
    await login(t.app, 'expert.wang');
  });

  it('refuses an admin disabling itself, an unknown user and a bad status', async () => {
    const self = await request(t.app)
      .post(`/api/v1/users/${admin.userId}/status`)
      .set(bearer(admin.token))
      .send({ status: 'disabled' })
      .expect(409);
    assert.equal(self.body.error.code, 'CANNOT_DISABLE_SELF');
    await request(t.app)
      .post('/api/v1/users/00000000-0000-4000-8000-000000000000/status')
      .set(bearer(admin.token))
      .send({ status: 'disabled' })
      .expect(404);
    await request(t.app)
      .post(`/api/v1/users/${expert.userId}/status`)
      .set(bearer(admin.token))
      .send({ status: 'deleted' })
      .expect(422);
  });
});

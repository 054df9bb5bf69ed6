import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { bearer, createAdmin, login, PASSWORD, registration } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

describe('auth: login, sessions, logout', () => {
  let t: TestPlatform;
  const logLines: string[] = [];
  before(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    t = await createTestPlatform(
      { LOGIN_MAX_ATTEMPTS: '3', SESSION_TTL_HOURS: '2' },
      { log: pino({ level: 'trace' }, sink) },
    );
    await createAdmin(t, 'admin');
  });
  after(() => t.close());

  it('logs in with the right password and returns an opaque token with its expiry', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: PASSWORD })
      .expect(200);
    assert.match(res.body.token, /^[\w-]{43}$/, '32 random bytes, base64url');
    assert.equal(res.body.expiresAt, new Date(t.clock.now().getTime() + 2 * 3600_000).toISOString());
    assert.equal(res.body.user.role, 'admin');
    const me = await request(t.app).get('/api/v1/auth/me').set(bearer(res.body.token)).expect(200);
    assert.equal(me.body.user.username, 'admin');
    assert.equal(me.body.party, null);
  });

  it('treats the username case-insensitively', async () => {
    await request(t.app)
      .post('/api/v1/auth/login')
      .send({ username: 'ADMIN', password: PASSWORD })
      .expect(200);
  });

  it('stores only a hash of the token', async () => {
    const token = await login(t.app, 'admin');
    const [rows] = await t.platform.db.sequelize.query('SELECT token_hash FROM sessions');
    const hashes = (rows as { token_hash: string }[]).map((r) => r.token_hash);
    assert.ok(hashes.length > 0);
    assert.ok(hashes.every((h) => /^[0-9a-f]{64}$/.test(h) && h !== token));
  });

  it('answers a wrong password and an unknown user alike: 401 INVALID_CREDENTIALS', async () => {
    const wrong = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: 'wrong-password' });
    const unknown = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ username: 'nobody', password: PASSWORD });
    for (const res of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'INVALID_CREDENTIALS');
      assert.equal(res.body.error.message, 'Wrong username or password');
    }
  });

  it('limits failed logins per account and address with 429', async () => {
    const body = registration('bidder');
    await request(t.app).post('/api/v1/parties').send(body).expect(201);
    const username = body.account.username;
    for (let i = 0; i < 3; i++) {
      await request(t.app)
        .post('/api/v1/auth/login')
        .send({ username, password: 'not-the-password' })
        .expect(401);
    }
    const blocked = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ username, password: 'not-the-password' });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.error.code, 'RATE_LIMITED');
    const evenRight = await request(t.app).post('/api/v1/auth/login').send({ username, password: PASSWORD });
    assert.equal(evenRight.status, 429, 'a locked-out account cannot be probed further');
    await request(t.app)
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: PASSWORD })
      .expect(200);
  });

  it('refuses a bad token outright with 401, even on public routes', async () => {
    const res = await request(t.app).get('/api/v1/parties').set(bearer('forged-token')).expect(401);
    assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    await request(t.app).get('/api/v1/auth/me').expect(401);
  });

  it('expires sessions by the clock', async () => {
    const token = await login(t.app, 'admin');
    t.clock.advance(2 * 3600_000 - 1000);
    await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    t.clock.advance(1000);
    await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(401);
  });

  it('ends the session on logout', async () => {
    const token = await login(t.app, 'admin');
    const other = await login(t.app, 'admin');
    await request(t.app).post('/api/v1/auth/logout').set(bearer(token)).expect(204);
    await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(401);
    await request(t.app).get('/api/v1/auth/me').set(bearer(other)).expect(200);
    await request(t.app).post('/api/v1/auth/logout').expect(401);
  });

  it('never writes passwords or tokens to the log', async () => {
    const token = await login(t.app, 'admin');
    await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    const body = registration('agency');
    await request(t.app).post('/api/v1/parties').send(body).expect(201);
    const log = logLines.join('');
    assert.ok(log.includes('/api/v1/auth/me'), 'requests are logged');
    assert.ok(!log.includes(PASSWORD), 'no password');
    assert.ok(!log.includes(body.account.password), 'no password from a registration');
    assert.ok(!log.includes(token), 'no session token');
  });
});

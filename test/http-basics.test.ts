import assert from 'node:assert/strict';
import request from 'supertest';
import { registration } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

describe('HTTP basics: health, errors, OpenAPI', () => {
  let t: TestPlatform;
  before(async () => {
    t = await createTestPlatform({ BODY_LIMIT_KB: '4' });
  });
  after(() => t.close());

  it('answers /healthz and /readyz', async () => {
    await request(t.app).get('/healthz').expect(200, { status: 'ok' });
    await request(t.app).get('/readyz').expect(200, { status: 'ready', cluster: 'local' });
  });

  it('gives every response a request id, echoed in error bodies', async () => {
    const res = await request(t.app).get('/api/v1/nowhere').set('X-Request-Id', 'trace-12345678');
    assert.equal(res.headers['x-request-id'], 'trace-12345678');
    assert.equal(res.body.error.requestId, 'trace-12345678');
    const generated = await request(t.app).get('/api/v1/nowhere').set('X-Request-Id', 'bad id <script>');
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/, 'an unsafe id is replaced');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON and stores nothing', async () => {
    const res = await request(t.app)
      .post('/api/v1/parties')
      .set('Content-Type', 'application/json')
      .send('{"party": {"name": ');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'MALFORMED_JSON');
    assert.equal(await t.platform.models.Party.count(), 0);
  });

  it('answers schema violations with 422 naming every failing field', async () => {
    const body = registration('bidder');
    body.party.uscc = '91110000600037341M';
    body.party.regionCode = '45';
    body.account.password = 'short';
    const res = await request(t.app).post('/api/v1/parties').send(body);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    const paths = (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
    assert.deepEqual(paths, ['account.password', 'party.regionCode', 'party.uscc']);
    assert.equal(await t.platform.models.Party.count(), 0);
  });

  it('answers query and path violations with 422 too', async () => {
    const res = await request(t.app).get('/api/v1/parties?limit=5000');
    assert.equal(res.status, 422);
    assert.equal(res.body.error.details[0].path, 'query.limit');
    const bad = await request(t.app).get('/api/v1/parties/not-a-uuid');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].path, 'params.id');
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
    const res = await request(t.app).delete('/api/v1/no-such-route/xyz');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'ROUTE_NOT_FOUND');
  });

  it('answers an oversized body with 413 and stores nothing', async () => {
    const body = registration('bidder');
    body.party.name = '大'.repeat(5000);
    const res = await request(t.app).post('/api/v1/parties').send(body);
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(await t.platform.models.Party.count(), 0);
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas, and a docs page', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    assert.equal(res.body.openapi, '3.1.0');
    const register = res.body.paths['/api/v1/parties'].post;
    const partySchema = register.requestBody.content['application/json'].schema.properties.party;
    assert.ok(partySchema.required.includes('uscc'));
    assert.deepEqual(partySchema.properties.kind.enum, ['tenderee', 'agency', 'bidder', 'intermediary']);
    assert.ok(res.body.paths['/api/v1/parties/{id}/verification'].post.security, 'admin route needs a token');
    const page = await request(t.app).get('/api/docs/').expect(200);
    assert.match(page.text, /swagger-ui/);
    await request(t.app).get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
  });

  it('answers an internal failure with 500 and no stack trace, and /readyz turns 503', async () => {
    const broken = await createTestPlatform();
    await broken.platform.db.close();
    const res = await request(broken.app).get('/api/v1/parties');
    assert.equal(res.status, 500);
    assert.equal(res.body.error.code, 'INTERNAL');
    assert.doesNotMatch(JSON.stringify(res.body), /at .*\.(ts|js):\d+|Sequelize|SQLITE|ConnectionManager/);
    const ready = await request(broken.app).get('/readyz');
    assert.equal(ready.status, 503);
    await broken.close();
  });
});

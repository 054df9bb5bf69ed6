import assert from 'node:assert/strict';
import request from 'supertest';
import {
  bearer,
  createAdmin,
  createPartyUser,
  createStaff,
  registration,
  type TestUser,
} from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

describe('parties: registration and verification of market entities', () => {
  let t: TestPlatform;
  let admin: TestUser;
  let supervisor: TestUser;
  before(async () => {
    t = await createTestPlatform();
    admin = await createAdmin(t);
    supervisor = await createStaff(t, 'supervisor', 'watcher');
  });
  after(() => t.close());

  describe('self-registration (EB Art.9: free, no login)', () => {
    it('creates a pending party and its first account, with a Location', async () => {
      const body = registration('tenderee');
      const res = await request(t.app).post('/api/v1/parties').send(body).expect(201);
      assert.equal(res.headers.location, `/api/v1/parties/${res.body.party.id}`);
      assert.equal(res.body.party.status, 'pending');
      assert.equal(res.body.party.uscc, body.party.uscc);
      assert.equal(res.body.user.role, 'tenderee');
      assert.equal(res.body.user.partyId, res.body.party.id);
      assert.equal(res.body.user.passwordHash, undefined, 'the hash never leaves the server');
    });

    it('normalises the code to upper case before checking it', async () => {
      const body = registration('bidder');
      body.party.uscc = body.party.uscc.toLowerCase();
      const res = await request(t.app).post('/api/v1/parties').send(body).expect(201);
      assert.equal(res.body.party.uscc, body.party.uscc.toUpperCase());
    });

    it('gives intermediary firms bidder accounts', async () => {
      const res = await request(t.app).post('/api/v1/parties').send(registration('intermediary')).expect(201);
      assert.equal(res.body.user.role, 'bidder');
    });

    it('refuses a second registration of the same code with 409 USCC_TAKEN', async () => {
      const first = registration('bidder');
      await request(t.app).post('/api/v1/parties').send(first).expect(201);
      const again = registration('bidder');
      again.party.uscc = first.party.uscc;
      const res = await request(t.app).post('/api/v1/parties').send(again).expect(409);
      assert.equal(res.body.error.code, 'USCC_TAKEN');
    });

    it('refuses a taken username with 409 and leaves no orphan party behind', async () => {
      const first = registration('bidder');
      await request(t.app).post('/api/v1/parties').send(first).expect(201);
      const again = registration('agency', { username: first.account.username });
      const parties = await t.platform.models.Party.count();
      const res = await request(t.app).post('/api/v1/parties').send(again).expect(409);
      assert.equal(res.body.error.code, 'USERNAME_TAKEN');
      assert.equal(
        await t.platform.models.Party.count(),
        parties,
        'the party row was rolled back with the user',
      );
      assert.equal(await t.platform.models.Party.count({ where: { uscc: again.party.uscc } }), 0);
    });

    it('refuses unknown kinds and missing fields with 422', async () => {
      const body = registration('bidder') as { party: Record<string, unknown> };
      body.party.kind = 'government';
      delete body.party.contactPhone;
      const res = await request(t.app).post('/api/v1/parties').send(body).expect(422);
      const paths = (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
      assert.deepEqual(paths, ['party.contactPhone', 'party.kind']);
    });

    it('stores the password as an scrypt hash, never in clear', async () => {
      const body = registration('bidder');
      await request(t.app).post('/api/v1/parties').send(body).expect(201);
      const user = await t.platform.models.User.findOne({ where: { username: body.account.username } });
      assert.match(user!.passwordHash, /^scrypt\$\d+\$8\$1\$/);
      assert.ok(!user!.passwordHash.includes(body.account.password));
    });

    it('limits registrations per address', async () => {
      const limited = await createTestPlatform({ REGISTRATIONS_PER_HOUR: '2' });
      try {
        await request(limited.app).post('/api/v1/parties').send(registration()).expect(201);
        await request(limited.app).post('/api/v1/parties').send(registration()).expect(201);
        const res = await request(limited.app).post('/api/v1/parties').send(registration()).expect(429);
        assert.equal(res.body.error.code, 'RATE_LIMITED');
      } finally {
        await limited.close();
      }
    });
  });

  describe('verification by an admin (EB Art.14)', () => {
    let partyId: string;
    beforeEach(async () => {
      const res = await request(t.app).post('/api/v1/parties').send(registration('bidder')).expect(201);
      partyId = res.body.party.id;
    });

    it('approves a pending party, recording when', async () => {
      const res = await request(t.app)
        .post(`/api/v1/parties/${partyId}/verification`)
        .set(bearer(admin.token))
        .send({ decision: 'approve' })
        .expect(200);
      assert.equal(res.body.status, 'verified');
      assert.equal(res.body.verifiedAt, t.clock.now().toISOString());
    });

    it('rejects with a reason, and requires one', async () => {
      const missing = await request(t.app)
        .post(`/api/v1/parties/${partyId}/verification`)
        .set(bearer(admin.token))
        .send({ decision: 'reject' })
        .expect(422);
      assert.equal(missing.body.error.details[0].path, 'reason');
      assert.equal((await t.platform.models.Party.findByPk(partyId))!.status, 'pending');
      const res = await request(t.app)
        .post(`/api/v1/parties/${partyId}/verification`)
        .set(bearer(admin.token))
        .send({ decision: 'reject', reason: '营业执照与名称不符' })
        .expect(200);
      assert.equal(res.body.status, 'rejected');
      assert.equal(res.body.rejectionReason, '营业执照与名称不符');
    });

    it('does not decide twice (409 PARTY_ALREADY_DECIDED)', async () => {
      const url = `/api/v1/parties/${partyId}/verification`;
      await request(t.app).post(url).set(bearer(admin.token)).send({ decision: 'approve' }).expect(200);
      const res = await request(t.app)
        .post(url)
        .set(bearer(admin.token))
        .send({ decision: 'reject', reason: 'changed my mind' })
        .expect(409);
      assert.equal(res.body.error.code, 'PARTY_ALREADY_DECIDED');
      assert.equal((await t.platform.models.Party.findByPk(partyId))!.status, 'verified');
    });

    it('answers 404 for an unknown party', async () => {
      await request(t.app)
        .post('/api/v1/parties/00000000-0000-4000-8000-000000000000/verification')
        .set(bearer(admin.token))
        .send({ decision: 'approve' })
        .expect(404);
    });
  });

  describe('reading parties', () => {
    let pendingId: string;
    let bidder: TestUser;
    before(async () => {
      const res = await request(t.app).post('/api/v1/parties').send(registration('bidder')).expect(201);
      pendingId = res.body.party.id;
      bidder = await createPartyUser(t, admin, 'bidder');
    });

    it('shows the public only verified parties, without contacts', async () => {
      const res = await request(t.app).get('/api/v1/parties?limit=1000').expect(200);
      assert.ok(res.body.items.length > 0);
      for (const p of res.body.items) {
        assert.equal(p.status, 'verified');
        assert.equal(p.contactPhone, undefined);
      }
      await request(t.app).get(`/api/v1/parties/${pendingId}`).expect(404);
    });

    it('shows admins and supervisors every party with contacts, filterable by status', async () => {
      for (const user of [admin, supervisor]) {
        const res = await request(t.app)
          .get('/api/v1/parties?status=pending&limit=1000')
          .set(bearer(user.token));
        assert.equal(res.status, 200);
        const found = res.body.items.find((p: { id: string }) => p.id === pendingId);
        assert.ok(found, `${user.role} sees the pending party`);
        assert.ok(found.contactPhone);
        assert.ok(res.body.items.every((p: { status: string }) => p.status === 'pending'));
      }
    });

    it('shows a party its own contacts, and other parties without them', async () => {
      const own = await request(t.app)
        .get(`/api/v1/parties/${bidder.partyId}`)
        .set(bearer(bidder.token))
        .expect(200);
      assert.ok(own.body.contactPhone);
      await request(t.app).get(`/api/v1/parties/${pendingId}`).set(bearer(bidder.token)).expect(404);
    });

    it('pages with a cursor, without gaps or repeats', async () => {
      for (let i = 0; i < 5; i++) await createPartyUser(t, admin, 'agency');
      const all = await request(t.app).get('/api/v1/parties?limit=1000').set(bearer(admin.token));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/parties?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await request(t.app).get(url).set(bearer(admin.token)).expect(200);
        assert.ok(page.body.items.length <= 2);
        seen.push(...page.body.items.map((p: { id: string }) => p.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        all.body.items.map((p: { id: string }) => p.id),
      );
      assert.equal(new Set(seen).size, seen.length);
      const bad = await request(t.app).get('/api/v1/parties?cursor=garbage').expect(422);
      assert.equal(bad.body.error.code, 'INVALID_CURSOR');
    });

    it('searches names, treating % and _ literally', async () => {
      const named = registration('bidder', { name: '广西百分之百_建设有限公司' });
      const created = await request(t.app).post('/api/v1/parties').send(named).expect(201);
      await request(t.app)
        .post(`/api/v1/parties/${created.body.party.id}/verification`)
        .set(bearer(admin.token))
        .send({ decision: 'approve' });
      const hit = await request(t.app)
        .get(`/api/v1/parties?q=${encodeURIComponent('百分之百_')}`)
        .expect(200);
      assert.deepEqual(
        hit.body.items.map((p: { name: string }) => p.name),
        [named.party.name],
      );
      const wildcard = await request(t.app)
        .get(`/api/v1/parties?q=${encodeURIComponent('%')}`)
        .expect(200);
      assert.equal(wildcard.body.items.length, 0);
    });
  });

  describe('changes by the party', () => {
    it('lets the party change its contacts; a new name sends it back to verification', async () => {
      const bidder = await createPartyUser(t, admin, 'bidder');
      const contacts = await request(t.app)
        .patch(`/api/v1/parties/${bidder.partyId}`)
        .set(bearer(bidder.token))
        .send({ contactPhone: '0771-1234567' })
        .expect(200);
      assert.equal(contacts.body.status, 'verified');
      assert.equal(contacts.body.contactPhone, '0771-1234567');
      const renamed = await request(t.app)
        .patch(`/api/v1/parties/${bidder.partyId}`)
        .set(bearer(bidder.token))
        .send({ name: '新名称建设有限公司' })
        .expect(200);
      assert.equal(renamed.body.status, 'pending');
      assert.equal(renamed.body.verifiedAt, null);
    });

    it('refuses an empty change and a change of the code', async () => {
      const bidder = await createPartyUser(t, admin, 'bidder');
      await request(t.app)
        .patch(`/api/v1/parties/${bidder.partyId}`)
        .set(bearer(bidder.token))
        .send({})
        .expect(422);
      const before = await t.platform.models.Party.findByPk(bidder.partyId!);
      await request(t.app)
        .patch(`/api/v1/parties/${bidder.partyId}`)
        .set(bearer(bidder.token))
        .send({ uscc: '91110000600037341L' });
      assert.equal(
        (await t.platform.models.Party.findByPk(bidder.partyId!))!.uscc,
        before!.uscc,
        'the code cannot be changed',
      );
    });

    it('lets a party add staff accounts with its role', async () => {
      const agency = await createPartyUser(t, admin, 'agency');
      const res = await request(t.app)
        .post(`/api/v1/parties/${agency.partyId}/users`)
        .set(bearer(agency.token))
        .send({ username: 'agency-colleague', password: 'a-long-password', displayName: '王五' })
        .expect(201);
      assert.equal(res.body.role, 'agency');
      assert.equal(res.body.partyId, agency.partyId);
    });
  });
});

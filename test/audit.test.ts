import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { canonicalJson, GENESIS_HASH, verifyPss } from '../crypto/index.js';
import { verifyAuditChain, type AuditVerdict } from '../src/platform/audit/verify.js';
import { bearer, createAdmin, login, registration, type TestUser } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/** One audit row as the database holds it, read with plain SQL that both engines accept. */
interface Row {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorRole: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  subject: string;
  data: string;
  prevHash: string;
  hash: string;
}

const query = (t: TestPlatform, sql: string, replacements: unknown[] = []) =>
  t.platform.db.sequelize.query<Record<string, unknown>>(sql, { replacements, type: QueryTypes.SELECT });

const exec = (t: TestPlatform, sql: string, replacements: unknown[]) =>
  t.platform.db.sequelize.query(sql, { replacements });

/** SQLite hands back DATE(3) as text, MariaDB as a Date; both name the same UTC millisecond. */
function isoTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`).toISOString();
}

async function rows(t: TestPlatform): Promise<Row[]> {
  const raw = await query(
    t,
    'SELECT seq, at, actor_user_id, actor_role, ip, request_id, action, subject, data, prev_hash, hash ' +
      'FROM audit_entries ORDER BY seq',
  );
  return raw.map((r) => ({
    seq: Number(r.seq),
    at: isoTime(r.at),
    actorUserId: r.actor_user_id as string | null,
    actorRole: r.actor_role as string | null,
    ip: r.ip as string | null,
    requestId: r.request_id as string | null,
    action: String(r.action),
    subject: String(r.subject),
    data: String(r.data),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  }));
}

const count = async (t: TestPlatform, table: string) =>
  Number((await query(t, `SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);

async function head(t: TestPlatform): Promise<{ seq: number; hash: string }> {
  const [h] = await query(t, 'SELECT seq, hash FROM audit_head WHERE id = 1');
  return { seq: Number(h!.seq), hash: String(h!.hash) };
}

/** The entry hash as docs/design.md §4 defines it, computed here without the platform's code. */
function expectedHash(r: Row): string {
  const body = {
    seq: r.seq,
    at: r.at,
    actorUserId: r.actorUserId,
    actorRole: r.actorRole,
    ip: r.ip,
    requestId: r.requestId,
    action: r.action,
    subject: r.subject,
    data: r.data,
  };
  return createHash('sha256')
    .update(`${r.prevHash}\n${canonicalJson(body)}`)
    .digest('hex');
}

const verify = (t: TestPlatform): Promise<AuditVerdict> =>
  verifyAuditChain(
    t.platform.models,
    t.platform.keys.signer.certPem,
    t.platform.config.AUDIT_CHECKPOINT_EVERY,
  );

async function assertBroken(t: TestPlatform, seq: number, reason?: string): Promise<void> {
  const verdict = await verify(t);
  assert.equal(verdict.ok, false, 'the verifier should have found the change');
  if (verdict.ok) return;
  assert.equal(verdict.seq, seq, `expected entry ${seq} to be named, got ${verdict.seq} (${verdict.reason})`);
  if (reason) assert.equal(verdict.reason, reason);
}

async function assertWhole(t: TestPlatform): Promise<void> {
  const verdict = await verify(t);
  assert.deepEqual(verdict, {
    ok: true,
    entries: await count(t, 'audit_entries'),
    checkpoints: await count(t, 'audit_checkpoints'),
  });
}

async function register(t: TestPlatform, requestId?: string) {
  const body = registration('bidder');
  const req = request(t.app).post('/api/v1/parties');
  if (requestId) req.set('X-Request-Id', requestId);
  const res = await req.send(body).expect(201);
  return { body, partyId: res.body.party.id as string, userId: res.body.user.id as string };
}

/** A small history: an admin, a registered and verified party, its user's login and logout. */
async function history(t: TestPlatform): Promise<{ admin: TestUser; partyId: string }> {
  const admin = await createAdmin(t);
  const { partyId, body } = await register(t);
  await request(t.app)
    .post(`/api/v1/parties/${partyId}/verification`)
    .set(bearer(admin.token))
    .send({ decision: 'approve' })
    .expect(200);
  const token = await login(t.app, body.account.username);
  await request(t.app).post('/api/v1/auth/logout').set(bearer(token)).expect(204);
  return { admin, partyId };
}

/**
 * Remembers the audit tables as they are, and gives back a function that puts them back after a test
 * has tampered with them, so the tampering tests share one platform instead of building one each.
 */
async function keepPristine(t: TestPlatform): Promise<() => Promise<void>> {
  const { AuditEntry, AuditHead, AuditCheckpoint } = t.platform.models;
  const plain = <M extends { get(o: { plain: true }): object }>(ms: M[]) =>
    ms.map((m) => m.get({ plain: true }));
  const entries = plain(await AuditEntry.findAll());
  const heads = plain(await AuditHead.findAll());
  const checkpoints = plain(await AuditCheckpoint.findAll());
  return () =>
    t.platform.db.transaction(async (transaction) => {
      for (const model of [AuditEntry, AuditHead, AuditCheckpoint] as const) {
        await (model as typeof AuditEntry).destroy({ where: {}, transaction });
      }
      await AuditEntry.bulkCreate(entries as never[], { transaction });
      await AuditHead.bulkCreate(heads as never[], { transaction });
      await AuditCheckpoint.bulkCreate(checkpoints as never[], { transaction });
    });
}

const LOCALHOST = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

describe('audit chain (数据溯源, EB Art.49)', () => {
  describe('what mutations record', () => {
    let t: TestPlatform;
    before(async () => {
      t = await createTestPlatform();
    });
    after(() => t.close());

    it('appends one entry per change with actor, role, IP, request id, action, subject and data', async () => {
      const admin = await createAdmin(t);
      const before = (await rows(t)).length;
      const { body, partyId, userId } = await register(t, 'audit-test-register');
      await request(t.app)
        .post(`/api/v1/parties/${partyId}/verification`)
        .set(bearer(admin.token))
        .set('X-Request-Id', 'audit-test-verify')
        .send({ decision: 'approve' })
        .expect(200);
      const token = await login(t.app, body.account.username);
      await request(t.app).post('/api/v1/auth/logout').set(bearer(token)).expect(204);

      const added = (await rows(t)).slice(before);
      assert.deepEqual(
        added.map((r) => [r.action, r.subject]),
        [
          ['party.register', `party:${partyId}`],
          ['user.create', `user:${userId}`],
          ['party.verify', `party:${partyId}`],
          ['session.start', `user:${userId}`],
          ['session.end', `user:${userId}`],
        ],
      );
      const [registered, created, verified, loggedIn, loggedOut] = added as [Row, Row, Row, Row, Row];

      // Self-registration has no logged-in actor yet; the request still names where it came from.
      assert.equal(registered.actorUserId, null);
      assert.equal(registered.actorRole, null);
      assert.match(registered.ip ?? '', LOCALHOST);
      assert.equal(registered.requestId, 'audit-test-register');
      assert.deepEqual(JSON.parse(registered.data), {
        name: body.party.name,
        uscc: body.party.uscc,
        kind: 'bidder',
        regionCode: body.party.regionCode,
      });
      assert.equal(created.requestId, 'audit-test-register', 'the party and its user are one request');
      assert.deepEqual(JSON.parse(created.data), {
        username: body.account.username,
        role: 'bidder',
        partyId,
      });

      assert.equal(verified.actorUserId, admin.userId);
      assert.equal(verified.actorRole, 'admin');
      assert.equal(verified.requestId, 'audit-test-verify');
      assert.match(verified.ip ?? '', LOCALHOST);

      // A login names the user it logs in as the actor; the logout is that user's own act.
      for (const r of [loggedIn, loggedOut]) {
        assert.equal(r.actorUserId, userId);
        assert.equal(r.actorRole, 'bidder');
        assert.match(r.ip ?? '', LOCALHOST);
      }
      for (const r of added) assert.equal(r.at, t.clock.now().toISOString());
    });

    it('numbers entries 1, 2, 3 ... and links each to the one before by its hash', async () => {
      const all = await rows(t);
      assert.ok(all.length >= 7);
      all.forEach((r, i) => {
        assert.equal(r.seq, i + 1);
        assert.equal(r.prevHash, i === 0 ? GENESIS_HASH : all[i - 1]!.hash);
        assert.match(r.hash, /^[0-9a-f]{64}$/);
        assert.equal(r.hash, expectedHash(r), `entry ${r.seq}'s hash covers its canonical body`);
      });
      assert.deepEqual(await head(t), { seq: all.length, hash: all[all.length - 1]!.hash });
    });

    it('stamps entries with the platform clock', async () => {
      t.clock.advance(90 * 60_000);
      await register(t);
      const last = (await rows(t)).at(-1)!;
      assert.equal(last.at, t.clock.now().toISOString());
      await assertWhole(t);
    });

    it('appends nothing for a request that fails (422, 409)', async () => {
      const admin = await createAdmin(t, 'auditor-admin');
      const taken = await register(t);
      const snapshot = { entries: await rows(t), head: await head(t), parties: await count(t, 'parties') };

      const invalid = registration('bidder') as { party: Record<string, unknown> };
      delete invalid.party.uscc;
      await request(t.app).post('/api/v1/parties').send(invalid).expect(422);
      const sameUscc = registration('bidder');
      sameUscc.party.uscc = taken.body.party.uscc;
      await request(t.app).post('/api/v1/parties').send(sameUscc).expect(409);
      // Here the party row and its party.register entry are written before the username clashes: all rolls back.
      const sameUsername = registration('bidder', { username: taken.body.account.username });
      await request(t.app).post('/api/v1/parties').send(sameUsername).expect(409);
      const decide = (decision: string) =>
        request(t.app)
          .post(`/api/v1/parties/${taken.partyId}/verification`)
          .set(bearer(admin.token))
          .send({ decision });
      await decide('maybe').expect(422);
      await decide('approve').expect(200);
      const afterApproval = { entries: await rows(t), head: await head(t) };
      assert.equal(
        afterApproval.entries.length,
        snapshot.entries.length + 1,
        'the approval itself is recorded',
      );
      await decide('approve').expect(409);

      assert.deepEqual(await rows(t), afterApproval.entries);
      assert.deepEqual(await head(t), afterApproval.head);
      assert.deepEqual(afterApproval.entries.slice(0, -1), snapshot.entries);
      assert.equal(await count(t, 'parties'), snapshot.parties);
      await assertWhole(t);
    });
  });

  describe('verification finds the first changed entry', () => {
    let t: TestPlatform;
    let all: Row[];
    let restore: () => Promise<void>;
    before(async () => {
      t = await createTestPlatform();
      await history(t);
      restore = await keepPristine(t);
      all = await rows(t);
    });
    beforeEach(() => assertWhole(t));
    afterEach(() => restore());
    after(() => t.close());

    it('says ok for an untouched chain, with its entry count', async () => {
      assert.ok(all.length >= 7);
      await assertWhole(t);
    });

    it('names the entry whose data was changed, and is whole again once it is put back', async () => {
      const victim = all[3]!;
      await exec(t, 'UPDATE audit_entries SET data = ? WHERE seq = ?', ['{"reason":"forged"}', victim.seq]);
      await assertBroken(t, victim.seq, 'hash-mismatch');
      await exec(t, 'UPDATE audit_entries SET data = ? WHERE seq = ?', [victim.data, victim.seq]);
      await assertWhole(t);
    });

    it('names the first broken entry when a later one is changed too, whatever the order of the changes', async () => {
      const [early, late] = [all[1]!, all[5]!];
      await exec(t, 'UPDATE audit_entries SET data = ? WHERE seq = ?', ['{"forged":"late"}', late.seq]);
      await assertBroken(t, late.seq);
      await exec(t, 'UPDATE audit_entries SET data = ? WHERE seq = ?', ['{"x":1}', early.seq]);
      await assertBroken(t, early.seq);
    });

    const columns: [string, string, (r: Row) => boolean][] = [
      ['actor_user_id', '00000000-0000-4000-8000-000000000000', (r) => r.actorUserId !== null],
      ['actor_role', 'supervisor', (r) => r.actorRole !== null],
      ['ip', '203.0.113.7', () => true],
      ['request_id', 'forged-request-id', () => true],
      ['action', 'party.reject', () => true],
      ['subject', 'party:someone-else', () => true],
    ];
    for (const [column, forged, applies] of columns) {
      it(`catches a changed ${column}`, async () => {
        const victim = all.filter(applies)[1]!;
        await exec(t, `UPDATE audit_entries SET ${column} = ? WHERE seq = ?`, [forged, victim.seq]);
        await assertBroken(t, victim.seq, 'hash-mismatch');
      });
    }

    it('catches an actor removed from an entry (set to NULL)', async () => {
      const victim = all.find((r) => r.actorUserId !== null)!;
      await exec(t, 'UPDATE audit_entries SET actor_user_id = NULL WHERE seq = ?', [victim.seq]);
      await assertBroken(t, victim.seq, 'hash-mismatch');
    });

    it('catches a changed time', async () => {
      const victim = all[2]!;
      const earlier = new Date(new Date(victim.at).getTime() - 3600_000);
      await t.platform.db.sequelize.query('UPDATE audit_entries SET at = ? WHERE seq = ?', {
        replacements: [earlier, victim.seq],
      });
      await assertBroken(t, victim.seq, 'hash-mismatch');
    });

    it('reports head-mismatch when the last entry is deleted', async () => {
      const last = all.at(-1)!;
      await exec(t, 'DELETE FROM audit_entries WHERE seq = ?', [last.seq]);
      await assertBroken(t, last.seq, 'head-mismatch');
    });

    it('catches an entry deleted from the middle', async () => {
      const gone = all[3]!;
      await exec(t, 'DELETE FROM audit_entries WHERE seq = ?', [gone.seq]);
      await assertBroken(t, gone.seq, 'missing-entry');
    });

    it('catches the first entry deleted', async () => {
      await exec(t, 'DELETE FROM audit_entries WHERE seq = ?', [1]);
      await assertBroken(t, 1, 'missing-entry');
    });

    it('catches a rewritten hash: the link from the next entry breaks', async () => {
      const victim = all[2]!;
      const forged = { ...victim, data: '{"forged":true}' };
      await exec(t, 'UPDATE audit_entries SET data = ?, hash = ? WHERE seq = ?', [
        forged.data,
        expectedHash(forged),
        victim.seq,
      ]);
      await assertBroken(t, victim.seq + 1, 'prev-hash-mismatch');
    });
  });

  describe('verification of a live chain', () => {
    let t: TestPlatform;
    before(async () => {
      t = await createTestPlatform();
      await history(t);
    });
    after(() => t.close());

    it('walks on to the entries appended while it walked, instead of calling the head wrong', async () => {
      const { models } = t.platform;
      const appended: number[] = [];
      // The head is read once the walk has reached the end; another request appends just before that.
      const live = {
        ...models,
        AuditHead: {
          findByPk: async (id: number) => {
            if (appended.length < 2) {
              await t.platform.db.transaction((tx) =>
                t.platform.audit.append(
                  tx,
                  { actor: null, ip: '127.0.0.1', requestId: 'live' },
                  {
                    action: 'test.live',
                    subject: `live:${appended.length}`,
                    data: {},
                  },
                ),
              );
              appended.push(appended.length);
            }
            return models.AuditHead.findByPk(id);
          },
        },
      } as unknown as typeof models;
      const verdict = await verifyAuditChain(
        live,
        t.platform.keys.signer.certPem,
        t.platform.config.AUDIT_CHECKPOINT_EVERY,
      );
      assert.equal(appended.length, 2);
      assert.deepEqual(verdict, { ...verdict, ok: true, entries: (await head(t)).seq });
    });
  });

  describe('signed checkpoints (AUDIT_CHECKPOINT_EVERY=3)', () => {
    let t: TestPlatform;
    let restore: () => Promise<void>;
    before(async () => {
      t = await createTestPlatform({ AUDIT_CHECKPOINT_EVERY: '3' });
      await history(t);
      await register(t);
      restore = await keepPristine(t);
    });
    beforeEach(() => assertWhole(t));
    afterEach(() => restore());
    after(() => t.close());

    async function checkpoints() {
      const raw = await query(
        t,
        'SELECT seq, hash, at, signature, signer_fingerprint FROM audit_checkpoints ORDER BY seq',
      );
      return raw.map((r) => ({
        seq: Number(r.seq),
        hash: String(r.hash),
        at: isoTime(r.at),
        signature: String(r.signature),
        fingerprint: String(r.signer_fingerprint),
      }));
    }

    it('signs the chain head every 3 entries with the platform signing key', async () => {
      const all = await rows(t);
      const cps = await checkpoints();
      assert.ok(all.length >= 9);
      assert.deepEqual(
        cps.map((c) => c.seq),
        all.filter((r) => r.seq % 3 === 0).map((r) => r.seq),
      );
      const { signer, rootCertPem } = t.platform.keys;
      for (const cp of cps) {
        assert.equal(cp.hash, all[cp.seq - 1]!.hash, `checkpoint ${cp.seq} holds that entry's hash`);
        assert.equal(cp.fingerprint, signer.fingerprint);
        const message = `yangguang-audit-checkpoint\n${cp.seq}\n${cp.hash}\n${cp.at}`;
        assert.equal(await verifyPss(signer.certPem, message, cp.signature), true);
        assert.equal(
          await verifyPss(rootCertPem, message, cp.signature),
          false,
          'another key does not verify it',
        );
        assert.equal(
          await verifyPss(signer.certPem, message.replace(cp.hash, '0'.repeat(64)), cp.signature),
          false,
        );
      }
      await assertWhole(t);
    });

    it("catches a checkpoint whose signature was replaced by another checkpoint's", async () => {
      const [first, second] = await checkpoints();
      await exec(t, 'UPDATE audit_checkpoints SET signature = ? WHERE seq = ?', [
        first!.signature,
        second!.seq,
      ]);
      await assertBroken(t, second!.seq, 'checkpoint-signature-invalid');
    });

    it('catches a checkpoint whose hash was changed', async () => {
      const [, second] = await checkpoints();
      await exec(t, 'UPDATE audit_checkpoints SET hash = ? WHERE seq = ?', ['f'.repeat(64), second!.seq]);
      await assertBroken(t, second!.seq, 'checkpoint-hash-mismatch');
    });

    it('catches a chain rewritten end to end, whose hashes and head were all recomputed', async () => {
      const all = await rows(t);
      const victim = all[3]!; // entry 4: the first checkpoint after it is at 6
      let prevHash = all[victim.seq - 2]!.hash;
      for (const r of all.slice(victim.seq - 1)) {
        const forged = { ...r, prevHash, data: r.seq === victim.seq ? '{"forged":true}' : r.data };
        forged.hash = expectedHash(forged);
        await exec(t, 'UPDATE audit_entries SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?', [
          forged.data,
          forged.prevHash,
          forged.hash,
          r.seq,
        ]);
        prevHash = forged.hash;
      }
      await exec(t, 'UPDATE audit_head SET hash = ? WHERE id = ?', [prevHash, 1]);
      // Without the signed checkpoints nothing would show; with them the first one after the change does.
      await assertBroken(t, 6, 'checkpoint-hash-mismatch');
      // Deleting the checkpoints that would tell does not hide it either.
      await exec(t, 'DELETE FROM audit_checkpoints WHERE seq >= ?', [6]);
      await assertBroken(t, 6, 'missing-checkpoint');
    });
  });

  describe('concurrent writers', () => {
    let t: TestPlatform;
    before(async () => {
      t = await createTestPlatform({ AUDIT_CHECKPOINT_EVERY: '4' });
    });
    after(() => t.close());

    it('keeps the chain contiguous under 15 parallel registrations (the head-row lock)', async () => {
      const before = (await rows(t)).length;
      const results = await Promise.all(Array.from({ length: 15 }, () => register(t)));
      const all = await rows(t);
      assert.equal(all.length, before + 30);
      all.forEach((r, i) => {
        assert.equal(r.seq, i + 1);
        assert.equal(r.prevHash, i === 0 ? GENESIS_HASH : all[i - 1]!.hash);
      });
      // Each registration's two entries sit together: no other writer got in between them.
      for (const { partyId, userId } of results) {
        const i = all.findIndex((r) => r.subject === `party:${partyId}`);
        assert.equal(all[i]!.action, 'party.register');
        assert.deepEqual([all[i + 1]!.action, all[i + 1]!.subject], ['user.create', `user:${userId}`]);
      }
      assert.equal(await count(t, 'audit_checkpoints'), Math.floor(all.length / 4));
      await assertWhole(t);
    });
  });

  describe('the verify command (npm run audit:verify)', () => {
    let t: TestPlatform;
    before(async () => {
      t = await createTestPlatform({ AUDIT_CHECKPOINT_EVERY: '5' });
      await history(t);
    });
    after(() => t.close());

    function runCli(): Promise<{ code: number | null; stdout: string; stderr: string }> {
      const { DATABASE_URL, KEYS_DIR } = t.platform.config;
      return new Promise((resolve, reject) => {
        const child = spawn('npx', ['tsx', 'src/platform/audit/verify-cli.ts'], {
          cwd: process.cwd(),
          env: { ...process.env, DATABASE_URL, KEYS_DIR, LOG_LEVEL: 'silent' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`audit:verify did not finish in 15 s\n${stdout}\n${stderr}`));
        }, 15_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
      });
    }

    it('exits 0 and prints OK with the entry and checkpoint counts for a whole chain', async () => {
      const entries = await count(t, 'audit_entries');
      const cps = await count(t, 'audit_checkpoints');
      assert.ok(cps >= 1);
      const { code, stdout, stderr } = await runCli();
      assert.equal(code, 0, stderr);
      assert.match(stdout, /audit chain OK/);
      assert.match(stdout, new RegExp(`\\b${entries} entries, ${cps} signed checkpoints`));
    });

    it('exits 1 and names the entry number after a change', async () => {
      const victim = (await rows(t))[2]!;
      await exec(t, 'UPDATE audit_entries SET ip = ? WHERE seq = ?', ['198.51.100.1', victim.seq]);
      const { code, stdout, stderr } = await runCli();
      assert.equal(code, 1, stdout);
      assert.match(stderr, new RegExp(`BROKEN at entry ${victim.seq}\\b`));
      assert.doesNotMatch(stdout, /OK/);
    });
  });
});

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { bearer, createAdmin, createStaff, type TestUser } from './helpers/api.js';
import { expertRow, expertWithLogin, importCsv, toCsv } from './helpers/experts.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/** Every text column of every table, for the scan that no clear ID number is stored anywhere. */
async function everyStoredText(t: TestPlatform): Promise<string> {
  const qi = t.platform.db.sequelize.getQueryInterface();
  const tables = (await qi.showAllTables()) as unknown[];
  let all = '';
  for (const table of tables) {
    const name = typeof table === 'string' ? table : (table as { tableName: string }).tableName;
    const rows = await t.platform.db.sequelize.query(`SELECT * FROM ${name}`, { type: QueryTypes.SELECT });
    all += JSON.stringify(rows);
  }
  return all;
}

describe('expert pool: import, masking, search, self-service, sanctions', () => {
  let t: TestPlatform;
  let admin: TestUser;
  let supervisor: TestUser;
  const auditCount = () => t.platform.models.AuditEntry.count();
  const expertCount = () => t.platform.models.Expert.count();

  before(async () => {
    t = await createTestPlatform();
    admin = await createAdmin(t);
    supervisor = await createStaff(t, 'supervisor', 'pool-supervisor');
  });
  after(() => t.close());

  describe('import', () => {
    it('imports a CSV file, and importing it again changes nothing', async () => {
      const rows = [expertRow(), expertRow({ specialties: ['A080101', 'A0601'] }), expertRow()];
      const first = await importCsv(t, admin, rows);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual([first.body.created, first.body.updated, first.body.unchanged], [3, 0, 0]);
      const audit = await auditCount();
      const again = await importCsv(t, admin, rows);
      assert.deepEqual([again.body.created, again.body.updated, again.body.unchanged], [0, 0, 3]);
      assert.deepEqual(again.body.changes, []);
      assert.equal(await expertCount(), 3);
      assert.equal(await auditCount(), audit + 1, 'the no-op import is still recorded');
    });

    it('updates a known person (same ID number) where fields differ, keyed by the ID number alone', async () => {
      const row = expertRow();
      await importCsv(t, admin, [row]).expect(200);
      const before = await expertCount();
      const changed = { ...row, name: `${row.name}改`, phone: '13900000000', specialties: ['A0803'] };
      const res = await importCsv(t, admin, [changed]).expect(200);
      assert.equal(res.body.updated, 1);
      assert.deepEqual(res.body.changes[0].fields.sort(), ['name', 'phone', 'specialties']);
      assert.equal(await expertCount(), before);
      const view = await request(t.app)
        .get(`/api/v1/experts/${res.body.changes[0].expertId}`)
        .set(bearer(admin.token))
        .expect(200);
      assert.deepEqual(view.body.specialties, ['A0803']);
      // A lower-case check character names the same person.
      const lower = { ...changed, idNumber: changed.idNumber.toLowerCase() };
      assert.equal((await importCsv(t, admin, [lower]).expect(200)).body.unchanged, 1);
    });

    it('refuses a file with any bad row, naming every problem by line, and imports nothing', async () => {
      const good = expertRow();
      const badChecksum = expertRow();
      badChecksum.idNumber =
        badChecksum.idNumber.slice(0, 17) + (badChecksum.idNumber[17] === '1' ? '2' : '1');
      const unknownCode = expertRow({ specialties: ['A0899'] });
      const twice = expertRow();
      const rows = [
        good,
        badChecksum,
        unknownCode,
        twice,
        { ...twice, name: '另一人' },
        expertRow({ regionCode: '99' }),
      ];
      const before = await expertCount();
      const audit = await auditCount();
      const res = await importCsv(t, admin, rows);
      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, 'IMPORT_INVALID');
      const byLine = (line: number) =>
        res.body.error.details.filter((p: { line: number }) => p.line === line);
      assert.equal(byLine(2).length, 0, 'line 2 (the header is line 1) is fine');
      assert.equal(byLine(3)[0].field, 'idNumber');
      assert.equal(byLine(4)[0].code, 'UNKNOWN_SPECIALTY');
      assert.match(byLine(6)[0].message, /line 5/);
      assert.equal(byLine(7)[0].field, 'regionCode');
      assert.equal(await expertCount(), before, 'all or nothing');
      assert.equal(await auditCount(), audit);
      assert.ok(!JSON.stringify(res.body).includes(badChecksum.idNumber), 'problems never repeat the number');
    });

    it('previews a file (/preview): the errors and what would change, nothing written', async () => {
      const known = expertRow();
      await importCsv(t, admin, [known]).expect(200);
      const before = await expertCount();
      const audit = await auditCount();
      const fresh = expertRow();
      const res = await importCsv(
        t,
        admin,
        [fresh, { ...known, title: '正高级工程师' }, expertRow({ phone: 'x' })],
        true,
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.dryRun, true);
      assert.deepEqual([res.body.created, res.body.updated], [1, 1]);
      assert.equal(res.body.errors.length, 1);
      assert.equal(res.body.errors[0].line, 4);
      assert.deepEqual(
        res.body.changes.map((c: { action: string; line: number }) => [c.line, c.action]),
        [
          [2, 'create'],
          [3, 'update'],
        ],
      );
      assert.match(res.body.changes[0].idNumber, /^\d{3}\*{11}[\dX]{4}$/);
      assert.equal(await expertCount(), before);
      assert.equal(await auditCount(), audit);
    });

    it('imports a JSON array the same way, numbering problems by position', async () => {
      const rows = [expertRow(), { ...expertRow(), yearsOfPractice: -1 }];
      const bad = await request(t.app).post('/api/v1/expert-imports').set(bearer(admin.token)).send(rows);
      assert.equal(bad.status, 422);
      assert.deepEqual(
        bad.body.error.details.map((p: { line: number; field: string }) => [p.line, p.field]),
        [[2, 'yearsOfPractice']],
      );
      const ok = await request(t.app).post('/api/v1/expert-imports').set(bearer(admin.token)).send([rows[0]]);
      assert.equal(ok.status, 200);
      assert.equal(ok.body.created, 1);
    });

    it('refuses a CSV header it does not know, and non-admins', async () => {
      const res = await request(t.app)
        .post('/api/v1/expert-imports')
        .set(bearer(admin.token))
        .set('Content-Type', 'text/csv')
        .send('name,idNumber,shoeSize\n');
      assert.equal(res.status, 422);
      assert.equal(res.body.error.details[0].code, 'CSV_HEADER');
      const refused = await request(t.app)
        .post('/api/v1/expert-imports')
        .set(bearer(supervisor.token))
        .set('Content-Type', 'text/csv')
        .send(toCsv([expertRow()]));
      assert.equal(refused.status, 403);
    });
  });

  describe('ID numbers', () => {
    it('are never in clear in any response or any stored column, and the key file is 0600', async () => {
      const row = expertRow();
      const created = await request(t.app).post('/api/v1/experts').set(bearer(admin.token)).send(row);
      assert.equal(created.status, 201);
      const masked = `${row.idNumber.slice(0, 3)}***********${row.idNumber.slice(-4)}`;
      assert.equal(created.body.idNumber, masked);
      const responses = [
        created.body,
        (await request(t.app).get('/api/v1/experts?limit=1000').set(bearer(admin.token))).body,
        (await request(t.app).get(`/api/v1/experts/${created.body.id}`).set(bearer(supervisor.token))).body,
        (await importCsv(t, admin, [row], true)).body,
      ];
      for (const body of responses) assert.ok(!JSON.stringify(body).includes(row.idNumber));
      const stored = await everyStoredText(t);
      assert.ok(stored.includes(masked));
      assert.ok(!stored.includes(row.idNumber), 'no table holds the clear number');
      assert.ok(!stored.includes(row.idNumber.slice(3, 14)), 'nor its middle digits');
      const mode = statSync(join(t.dir, 'keys', 'expert-id.key')).mode & 0o777;
      assert.equal(mode, 0o600);
      // The same person twice is refused through the keyed hash.
      const again = await request(t.app).post('/api/v1/experts').set(bearer(admin.token)).send(row);
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'EXPERT_EXISTS');
      // The stored ciphertext decrypts to the number (it is encrypted, not thrown away).
      const expert = await t.platform.models.Expert.findByPk(created.body.id);
      assert.ok(expert!.idNumberCipher.startsWith('v1:'));
      const { loadOrCreateIdNumberCipher } = await import('../src/modules/experts/id-cipher.js');
      assert.equal(
        loadOrCreateIdNumberCipher(join(t.dir, 'keys')).decrypt(expert!.idNumberCipher),
        row.idNumber,
      );
    });

    it('phones are in full for admins and masked for supervisors', async () => {
      const row = expertRow({ phone: '13812345678' });
      const created = await request(t.app)
        .post('/api/v1/experts')
        .set(bearer(admin.token))
        .send(row)
        .expect(201);
      assert.equal(created.body.phone, '13812345678');
      const seen = await request(t.app)
        .get(`/api/v1/experts/${created.body.id}`)
        .set(bearer(supervisor.token));
      assert.equal(seen.body.phone, '*******5678');
    });
  });

  describe('search', () => {
    it('filters by specialty with its sub-codes, region prefix and name, in keyset pages', async () => {
      const tag = `检索${Date.now() % 1000}`;
      const rows = [
        expertRow({ name: `${tag}甲`, specialties: ['A080101'], regionCode: '450103' }),
        expertRow({ name: `${tag}乙`, specialties: ['A0801'], regionCode: '450203' }),
        expertRow({ name: `${tag}丙`, specialties: ['A0601'], regionCode: '450105' }),
      ];
      await importCsv(t, admin, rows).expect(200);
      const names = async (query: string) => {
        const res = await request(t.app).get(`/api/v1/experts?${query}`).set(bearer(admin.token)).expect(200);
        return (res.body.items as { name: string }[])
          .map((e) => e.name)
          .filter((n) => n.startsWith(tag))
          .sort();
      };
      assert.deepEqual(await names('specialty=A0801'), [`${tag}乙`, `${tag}甲`].sort());
      assert.deepEqual(await names('specialty=A080101'), [`${tag}甲`]);
      assert.deepEqual(await names(`region=4502&q=${encodeURIComponent(tag)}`), [`${tag}乙`]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await request(t.app)
          .get(`/api/v1/experts?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(admin.token))
          .expect(200);
        seen.push(...res.body.items.map((e: { id: string }) => e.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      assert.equal(seen.length, await expertCount());
      assert.equal(new Set(seen).size, seen.length);
      const expert = await createStaff(t, 'expert', 'searching-expert');
      await request(t.app).get('/api/v1/experts').set(bearer(expert.token)).expect(403);
      await request(t.app).get('/api/v1/experts').expect(401);
    });
  });

  describe('updates', () => {
    it('records what changed, with the phone masked, in the audit chain and the event stream', async () => {
      const row = expertRow({ specialties: ['A0601'] });
      const { expertId, token } = await expertWithLogin(t, admin, row);
      await request(t.app)
        .patch(`/api/v1/experts/${expertId}`)
        .set(bearer(admin.token))
        .send({ title: '教授级高级工程师', specialties: ['A0601', 'A080101'] })
        .expect(200);
      await request(t.app)
        .patch('/api/v1/experts/me')
        .set(bearer(token))
        .send({ phone: '13700004321' })
        .expect(200);
      const entries = await t.platform.models.AuditEntry.findAll({
        where: { subject: `expert:${expertId}`, action: ['expert.update', 'expert.update-own'] },
        order: [['seq', 'ASC']],
      });
      const [byAdmin, byExpert] = entries.map(
        (e) => JSON.parse(e.data) as { changes: Record<string, unknown> },
      );
      assert.deepEqual(byAdmin!.changes, {
        title: { from: row.title, to: '教授级高级工程师' },
        specialties: { from: ['A0601'], to: ['A0601', 'A080101'] },
      });
      assert.deepEqual(byExpert!.changes, {
        phone: { from: `*******${row.phone.slice(-4)}`, to: '*******4321' },
      });
      const events = await t.platform.events.read(0, 1000, { types: ['expert.updated'] });
      const mine = events.filter((e) => e.type === 'expert.updated' && e.data.expertId === expertId);
      assert.deepEqual(
        mine.map((e) => [e.actor?.role, e.type === 'expert.updated' && e.data.changes]),
        [
          ['admin', byAdmin!.changes],
          ['expert', byExpert!.changes],
        ],
      );
      const logged = JSON.stringify([entries.map((e) => e.data), events.map((e) => e.data)]);
      assert.ok(!logged.includes('13700004321') && !logged.includes(row.phone), 'no clear phone in the logs');
    });
  });

  describe('self-service', () => {
    it('an expert keeps their own phone, unavailable days and conflicts, and nobody else’s', async () => {
      const me = await expertWithLogin(t, admin, expertRow());
      const other = await expertWithLogin(t, admin, expertRow());
      const profile = await request(t.app).get('/api/v1/experts/me').set(bearer(me.token)).expect(200);
      assert.equal(profile.body.id, me.expertId);
      assert.equal(profile.body.phone, me.row.phone, 'the expert sees their own phone');
      await request(t.app)
        .patch('/api/v1/experts/me')
        .set(bearer(me.token))
        .send({ phone: '13700001111' })
        .expect(200);
      // Employer and specialties are not the expert's to change.
      const sneaky = await request(t.app)
        .patch('/api/v1/experts/me')
        .set(bearer(me.token))
        .send({ specialties: ['A01'], employerUscc: null });
      assert.equal(sneaky.status, 422);
      const days = await request(t.app)
        .put('/api/v1/experts/me/unavailable-days')
        .set(bearer(me.token))
        .send({ days: ['2026-02-20', '2026-03-01'] })
        .expect(200);
      assert.deepEqual(days.body.unavailableDays, ['2026-02-20', '2026-03-01']);
      const past = await request(t.app)
        .put('/api/v1/experts/me/unavailable-days')
        .set(bearer(me.token))
        .send({ days: ['2025-01-01'] });
      assert.equal(past.status, 422);
      const declared = await request(t.app)
        .post('/api/v1/experts/me/conflicts')
        .set(bearer(me.token))
        .send({ partyUscc: '91110000600037341L', relation: '曾任职' })
        .expect(201);
      const conflictId = declared.body.conflicts[0].id as string;
      // The other expert cannot withdraw it (not found), and sees only their own record.
      await request(t.app)
        .delete(`/api/v1/experts/me/conflicts/${conflictId}`)
        .set(bearer(other.token))
        .expect(404);
      const theirs = await request(t.app).get('/api/v1/experts/me').set(bearer(other.token)).expect(200);
      assert.deepEqual(theirs.body.conflicts, []);
      assert.equal(await t.platform.models.ExpertConflict.count({ where: { id: conflictId } }), 1);
      await request(t.app)
        .delete(`/api/v1/experts/me/conflicts/${conflictId}`)
        .set(bearer(me.token))
        .expect(200);
      // An expert account without a linked pool record has no profile.
      const unlinked = await createStaff(t, 'expert', 'unlinked-expert');
      await request(t.app).get('/api/v1/experts/me').set(bearer(unlinked.token)).expect(404);
      // Others may not use the expert's routes at all.
      await request(t.app).get('/api/v1/experts/me').set(bearer(admin.token)).expect(403);
    });

    it('links only expert accounts, one per expert', async () => {
      const [a, b] = [expertRow(), expertRow()];
      const res = await importCsv(t, admin, [a, b]).expect(200);
      const [idA, idB] = res.body.changes.map((c: { expertId: string }) => c.expertId);
      const account = await createStaff(t, 'expert', 'link-once');
      await request(t.app)
        .put(`/api/v1/experts/${idA}/account`)
        .set(bearer(admin.token))
        .send({ userId: account.userId })
        .expect(200);
      const twice = await request(t.app)
        .put(`/api/v1/experts/${idB}/account`)
        .set(bearer(admin.token))
        .send({ userId: account.userId });
      assert.equal(twice.status, 409);
      const wrongRole = await request(t.app)
        .put(`/api/v1/experts/${idB}/account`)
        .set(bearer(admin.token))
        .send({ userId: supervisor.userId });
      assert.equal(wrongRole.status, 422);
    });
  });

  describe('sanctions', () => {
    it('suspension and removal change the status and publish a notice with the reason', async () => {
      const row = expertRow({ name: '处分测试专家' });
      const created = await request(t.app)
        .post('/api/v1/experts')
        .set(bearer(admin.token))
        .send(row)
        .expect(201);
      const id = created.body.id as string;
      const suspended = await request(t.app)
        .post(`/api/v1/experts/${id}/sanctions`)
        .set(bearer(supervisor.token))
        .send({ action: 'suspend', reason: '评标中未按评标办法评审' })
        .expect(201);
      assert.match(suspended.body.title, /处分测试专家/);
      assert.match(suspended.body.body, /未按评标办法评审/);
      assert.ok(!suspended.body.body.includes(row.idNumber));
      const removed = await request(t.app)
        .post(`/api/v1/experts/${id}/sanctions`)
        .set(bearer(admin.token))
        .send({ action: 'remove', reason: '一年内两次被暂停' })
        .expect(201);
      const view = await request(t.app).get(`/api/v1/experts/${id}`).set(bearer(admin.token)).expect(200);
      assert.equal(view.body.status, 'removed');
      // Removal is final.
      const back = await request(t.app)
        .post(`/api/v1/experts/${id}/sanctions`)
        .set(bearer(admin.token))
        .send({ action: 'reinstate', reason: '申诉成功恢复' });
      assert.equal(back.status, 409);
      const feed = await request(t.app).get('/api/v1/expert-sanctions').expect(200);
      assert.deepEqual(
        feed.body.items
          .slice(0, 2)
          .map((n: { id: string }) => n.id)
          .sort(),
        [suspended.body.id, removed.body.id].sort(),
      );
      // Each notice names its expert in a field of its own (the public page lists who, not only titles).
      assert.deepEqual(
        feed.body.items.slice(0, 2).map((n: { expertName: string }) => n.expertName),
        [suspended.body.expertName, suspended.body.expertName],
      );
      assert.equal(suspended.body.expertName, '处分测试专家');
      const one = await request(t.app).get(`/api/v1/expert-sanctions/${removed.body.id}`).expect(200);
      assert.equal(one.body.expertName, suspended.body.expertName);
      const noReason = await request(t.app)
        .post(`/api/v1/experts/${id}/sanctions`)
        .set(bearer(admin.token))
        .send({ action: 'suspend' });
      assert.equal(noReason.status, 422);
      const expert = await createStaff(t, 'expert', 'sanctioning-expert');
      await request(t.app)
        .post(`/api/v1/experts/${id}/sanctions`)
        .set(bearer(expert.token))
        .send({ action: 'suspend', reason: '无权处理' })
        .expect(403);
    });
  });

  describe('catalog', () => {
    it('serves the built-in catalog, replaces it from CSV all or nothing, and keeps codes in use', async () => {
      const shipped = await request(t.app).get('/api/v1/expert-catalog').expect(200);
      const codes = shipped.body.items.map((e: { code: string }) => e.code);
      for (let i = 1; i <= 9; i++) assert.ok(codes.includes(`A0${i}`));
      assert.ok(!codes.includes('A10'), 'the shipped edition predates A10 工程总承包');
      const bad = await request(t.app)
        .put('/api/v1/expert-catalog')
        .set(bearer(admin.token))
        .set('Content-Type', 'text/csv')
        .send('code,level,name\nA01,1,规划\nA0101,3,城乡规划\nA0999,2,孤儿\n');
      assert.equal(bad.status, 422);
      assert.deepEqual(
        bad.body.error.details.map((p: { line: number }) => p.line),
        [3, 4],
      );
      const dropsCodes = await request(t.app)
        .put('/api/v1/expert-catalog')
        .set(bearer(admin.token))
        .set('Content-Type', 'text/csv')
        .send('code,level,name\nA01,1,规划\n');
      assert.equal(dropsCodes.status, 409);
      assert.equal(dropsCodes.body.error.code, 'CATALOG_CODES_IN_USE');
      // The national layout (code,name,parent,level, categories at level 0), plus the A10 that 316号 added.
      type Item = { code: string; level: number; name: string; parent: string | null };
      const full = `code,name,parent,level\nA,工程,,0\nB,货物,,0\nC,服务,,0\n${shipped.body.items
        .map((e: Item) => `${e.code},${e.name},${e.parent ?? e.code[0]},${e.level}`)
        .join('\n')}\nA10,工程总承包,A,1\n`;
      const ok = await request(t.app)
        .put('/api/v1/expert-catalog')
        .set(bearer(admin.token))
        .set('Content-Type', 'text/csv')
        .send(full)
        .expect(200);
      assert.equal(ok.body.entries, codes.length + 1);
      const after = await request(t.app).get('/api/v1/expert-catalog').expect(200);
      assert.ok(after.body.items.some((e: { code: string }) => e.code === 'A10'));
      await request(t.app)
        .put('/api/v1/expert-catalog')
        .set(bearer(supervisor.token))
        .set('Content-Type', 'text/csv')
        .send(full)
        .expect(403);
    });
  });
});

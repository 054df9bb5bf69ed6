import assert from 'node:assert/strict';
import request from 'supertest';
import { chinaDate, sectionCode, tenderCode } from '../src/modules/tenders/codes.js';
import type { TenderInput } from '../src/modules/tenders/schemas.js';
import { bearer } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { tenderWorld, validTender, type TenderWorld } from './helpers/tenders.js';

/**
 * Project code (docs/domain.md §7) = category letter + 6-digit region + yyMMdd of the day in China + a 4-digit
 * sequence of that day, 17 characters; tender code = project code + 001 (20); section code = tender code +
 * 001, 002 ... (23). The day is Asia/Shanghai's (UTC+8), whatever the server's time zone.
 */
describe('tender codes', () => {
  describe('chinaDate: yyMMdd of the instant in Asia/Shanghai', () => {
    const rows: [instant: string, day: string][] = [
      ['2026-03-04T17:00:00.000Z', '260305'],
      ['2026-03-04T15:59:59.999Z', '260304'],
      ['2026-03-04T16:00:00.000Z', '260305'],
      ['2026-03-05T00:00:00+08:00', '260305'],
      ['2025-12-31T16:00:00.000Z', '260101'],
      ['2025-12-31T15:59:59.999Z', '251231'],
      ['2024-02-28T16:00:00.000Z', '240229'],
      ['2099-12-31T23:59:59.999Z', '000101'],
    ];
    for (const [instant, day] of rows) {
      it(`${instant} is ${day} in China`, () => assert.equal(chinaDate(new Date(instant)), day));
    }
  });

  describe('tender and section codes extend the project code by three digits', () => {
    it('tender = project + 001; sections = tender + their 1-based position', () => {
      assert.equal(tenderCode('A4501002603050001'), 'A4501002603050001001');
      assert.equal(sectionCode('A4501002603050001001', 1), 'A4501002603050001001001');
      assert.equal(sectionCode('A4501002603050001001', 12), 'A4501002603050001001012');
      assert.equal(sectionCode('A4501002603050001001', 50), 'A4501002603050001001050');
    });
  });

  describe('through the API', () => {
    let t: TestPlatform;
    let world: TenderWorld;
    before(async () => {
      // Sessions long enough for the ten China days these tests walk through.
      t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
      t.clock.set('2026-03-04T10:00:00Z');
      world = await tenderWorld(t);
    });
    after(() => t.close());

    const create = (overrides: Partial<TenderInput> = {}) =>
      request(t.app)
        .post('/api/v1/tenders')
        .set(bearer(world.tenderee.token))
        .send(validTender(world, t.clock.now(), overrides));
    const created = async (overrides: Partial<TenderInput> = {}) => {
      const res = await create(overrides);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.tender as {
        id: string;
        code: string;
        projectCode: string;
        sections: { code: string }[];
      };
    };
    const twoSections: Partial<TenderInput> = {
      sections: [
        { name: '第一标段', maxPriceFen: 500_000_00, estimatedPriceFen: 450_000_00, depositFen: 9_000_00 },
        { name: '第二标段', maxPriceFen: 400_000_00, estimatedPriceFen: 380_000_00, depositFen: 7_600_00 },
      ],
    };

    it('17:00 UTC on the 4th is the 5th in China: A + 450100 + 260305 + 0001, tender +001, sections +001/+002', async () => {
      t.clock.set('2026-03-04T17:00:00Z');
      const tender = await created(twoSections);
      assert.equal(tender.projectCode, 'A4501002603050001');
      assert.equal(tender.projectCode.length, 17);
      assert.equal(tender.code, 'A4501002603050001001');
      assert.equal(tender.code.length, 20);
      assert.deepEqual(
        tender.sections.map((s) => s.code),
        ['A4501002603050001001001', 'A4501002603050001001002'],
      );
      assert.ok(tender.sections.every((s) => s.code.length === 23));
      const stored = await t.platform.models.Tender.findByPk(tender.id);
      assert.equal(stored!.code, 'A4501002603050001001');
      assert.equal(stored!.projectCode, 'A4501002603050001');
    });

    it('continues within the China day (up to 15:59:59.999 UTC) and restarts at its midnight', async () => {
      t.clock.set('2026-03-06T16:00:00Z'); // 2026-03-07 00:00 in China
      assert.equal((await created()).projectCode, 'A4501002603070001');
      t.clock.set('2026-03-07T03:00:00Z');
      assert.equal((await created()).projectCode, 'A4501002603070002');
      t.clock.set('2026-03-07T15:59:59.999Z'); // 23:59:59.999 in China, still the 7th
      assert.equal((await created()).projectCode, 'A4501002603070003');
      t.clock.advance(1); // midnight in China: the 8th
      assert.equal((await created()).projectCode, 'A4501002603080001');
      assert.equal((await created()).projectCode, 'A4501002603080002');
    });

    it('the letter and region are part of the code: category B and another region', async () => {
      t.clock.set('2026-03-09T02:00:00Z');
      assert.equal((await created({ category: 'B' })).projectCode, 'B4501002603090001');
      assert.equal((await created({ category: 'C', regionCode: '450200' })).projectCode, 'C4502002603090001');
      assert.equal((await created({ category: 'B' })).code, 'B4501002603090002001');
    });

    it('the day is the day of creation, not of the schedule', async () => {
      t.clock.set('2026-03-10T02:00:00Z');
      const tender = await created();
      assert.equal(tender.projectCode, 'A4501002603100001');
      assert.equal(tender.projectCode.slice(7, 13), chinaDate(t.clock.now()));
    });

    it('concurrent creation of 10 tenders gives 10 distinct, consecutive codes', async () => {
      t.clock.set('2026-03-11T01:00:00Z');
      const results = await Promise.all(Array.from({ length: 10 }, () => create()));
      assert.deepEqual(
        results.map((r) => r.status),
        Array(10).fill(201),
        JSON.stringify(results.map((r) => r.body.error)),
      );
      const codes = results.map((r) => r.body.tender.code as string);
      assert.equal(new Set(codes).size, 10);
      assert.deepEqual(
        codes.map((c) => c.slice(0, 13)),
        Array(10).fill('A450100260311'),
      );
      assert.deepEqual(
        codes.map((c) => Number(c.slice(13, 17))).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
      const stored = await t.platform.models.Tender.findAll({ where: { code: codes } });
      assert.equal(stored.length, 10);
    });

    it('concurrent creation on a day that already has a number continues the sequence without gaps', async () => {
      t.clock.set('2026-03-12T01:00:00Z');
      assert.equal((await created()).projectCode, 'A4501002603120001');
      const results = await Promise.all(Array.from({ length: 10 }, () => create()));
      assert.deepEqual(
        results.map((r) => r.status),
        Array(10).fill(201),
        JSON.stringify(results.map((r) => r.body.error)),
      );
      assert.deepEqual(
        results.map((r) => Number((r.body.tender.projectCode as string).slice(13))).sort((a, b) => a - b),
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      );
    });

    it('a refused creation does not use up a number, whether refused before or inside its transaction', async () => {
      t.clock.set('2026-03-14T01:00:00Z');
      assert.equal((await created()).projectCode, 'A4501002603140001');
      const refused = await create({ agencyPartyId: world.bidder.partyId! });
      assert.equal(refused.status, 422);
      // A failure after the number was drawn rolls the number back with everything else.
      const off = t.platform.events.within('tender.created', async () => {
        throw new Error('derived record failed');
      });
      const before = await t.platform.models.Tender.count();
      try {
        const failed = await create();
        assert.equal(failed.status, 500);
      } finally {
        off();
      }
      assert.equal(await t.platform.models.Tender.count(), before);
      assert.equal((await created()).projectCode, 'A4501002603140002');
    });

    it('the 9999th project of a day is the last: a 10 000th is refused and nothing is created', async () => {
      t.clock.set('2026-03-13T01:00:00Z');
      await t.platform.models.CodeSequence.create({ name: 'project:A450100260313', last: 9998 });
      assert.equal((await created()).projectCode, 'A4501002603139999');
      const before = await t.platform.models.Tender.count();
      const seq = Number((await t.platform.models.AuditHead.findByPk(1))!.seq);
      const res = await create();
      // An operational limit, answered with a stable code, not a server error.
      assert.ok(res.status >= 400 && res.status < 500, `refused as a client error, got ${res.status}`);
      assert.ok(
        typeof res.body.error?.code === 'string' && res.body.error.code !== 'INTERNAL',
        JSON.stringify(res.body),
      );
      assert.equal(await t.platform.models.Tender.count(), before);
      assert.equal(Number((await t.platform.models.AuditHead.findByPk(1))!.seq), seq);
      assert.equal((await t.platform.models.CodeSequence.findByPk('project:A450100260313'))!.last, 9999);
    });
  });
});

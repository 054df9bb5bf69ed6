import assert from 'node:assert/strict';
import { eligibility, seatsOf, type PoolExpert } from '../expert-pool/index.js';
import { candidatesBySeat } from '../expert-pool/seats.js';
import { drawRequest } from '../expert-pool/testing.js';
import type { DrawModels } from '../src/modules/experts/draw-models.js';
import type { ExpertModels } from '../src/modules/experts/models.js';
import { poolSnapshot, type SnapshotScope } from '../src/modules/experts/pool-snapshot.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

// The draw reads only the experts a slot's code covers (issue 18), from the database each time, so an
// expert added, suspended or re-coded after the last draw is seen by the next one.

describe('expert draw pool: the snapshot read for a draw', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let models: ExpertModels & DrawModels;
  let serial = 0;

  const addExpert = async (
    codes: string[],
    overrides: { status?: 'active' | 'suspended'; region?: string } = {},
  ) => {
    serial += 1;
    const id = `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
    await models.Expert.create({
      id,
      name: `专家${serial}`,
      idNumberCipher: 'x',
      idNumberHash: `hash-${serial}`,
      idNumberMasked: '4501**********1234',
      employerUscc: null,
      employerName: null,
      regionCode: overrides.region ?? '450103',
      title: '高级工程师',
      yearsOfPractice: 10,
      phone: '13800000000',
      status: overrides.status ?? 'active',
      creditScore: 90,
      userId: null,
    });
    for (const code of codes) await models.ExpertSpecialty.create({ expertId: id, code });
    return id;
  };
  const scope = (specialties?: string[]): SnapshotScope => ({
    evaluationDate: '2026-12-15',
    partyUsccs: ['91450100MA5TENDER1'],
    tendereeUscc: '91450100MA5TENDER1',
    cooldownDays: 30,
    drawId: 'none',
    ...(specialties && { specialties }),
  });
  const read = async (specialties?: string[]) =>
    new Map((await poolSnapshot(models, scope(specialties))).map((e) => [e.id, [...e.specialties].sort()]));

  before(async () => {
    t = await createTestPlatform();
    models = t.platform.models as unknown as ExpertModels & DrawModels;
  });
  after(() => t.close());

  it('reads the experts a slot code covers, with all their codes, and no one else', async () => {
    const a = await addExpert(['A080201']);
    const b = await addExpert(['A0601', 'C0301']);
    const c = await addExpert(['C0301']);
    await addExpert(['A080202'], { status: 'suspended' });
    const a08 = await addExpert(['A08']);
    assert.deepEqual(await read(['A0802']), new Map([[a, ['A080201']]]));
    assert.deepEqual(
      await read(['A0802', 'A06']),
      new Map([
        [a, ['A080201']],
        [b, ['A0601', 'C0301']],
      ]),
    );
    // A level-1 code covers its level-2 and level-3 codes and itself.
    assert.deepEqual([...(await read(['A08'])).keys()].sort(), [a, a08].sort());
    assert.deepEqual([...(await read()).keys()].sort(), [a, b, c, a08].sort());
  });

  it('gives the draw the same candidates as the whole pool', async () => {
    await addExpert(['A060102'], { region: '110105' });
    await addExpert(['A0402', 'A0601'], { region: '450203' });
    const request = drawRequest({
      localRegionPrefix: '4501',
      slots: [
        { specialty: 'A06', count: 2, remote: 1 },
        { specialty: 'A0802', count: 1, remote: 0 },
      ],
    });
    const ctx = {
      tendereeUscc: '91450100MA5TENDER1',
      agencyUscc: null,
      bidderUsccs: [],
      evaluationDate: '2026-12-15',
      minCreditScore: 60,
      sameTendereeCooldownDays: 30,
      exclusions: [],
    };
    const candidates = (pool: PoolExpert[]) => {
      const { lists, union } = candidatesBySeat(seatsOf(request), eligibility(pool, ctx).eligible, '4501');
      return { lists: lists.map((l) => (l as PoolExpert[]).map((e) => e.id)), union: union.map((e) => e.id) };
    };
    const narrowed = await poolSnapshot(models, scope(['A06', 'A0802']));
    const whole = await poolSnapshot(models, scope());
    assert.ok(narrowed.length < whole.length);
    assert.deepEqual(candidates(narrowed), candidates(whole));
  });

  it('sees an expert added, suspended or given another code since the last read', async () => {
    const before = await read(['A0803']);
    assert.equal(before.size, 0);
    const added = await addExpert(['A080301']);
    const recoded = await addExpert(['C0301']);
    assert.deepEqual([...(await read(['A0803'])).keys()], [added]);
    await models.Expert.update({ status: 'suspended' }, { where: { id: added } });
    await models.ExpertSpecialty.create({ expertId: recoded, code: 'A080302' });
    assert.deepEqual(await read(['A0803']), new Map([[recoded, ['A080302', 'C0301']]]));
  });
});

import { strict as assert } from 'node:assert';
import { defaultCatalog as catalog } from './catalog/default.js';
import { DrawIndex } from './draw-index.js';
import { eligibility } from './eligibility.js';
import { replaceMember, revealSecret, startDraw } from './record.js';
import { candidatesBySeat, seatsOf } from './seats.js';
import {
  AGENCY,
  BIDDER_A,
  BIDDER_B,
  TENDEREE,
  drawContext,
  drawRequest,
  fixedSecret,
  poolExpert,
} from './testing.js';
import type { DrawCandidate, DrawContext, DrawRecord, DrawRequest, PoolExpert } from './types.js';
import { verifyDraw } from './verify.js';

// The index must give exactly what the full scan gives: eligibility over the whole pool, then the seats'
// candidates. Pools here exercise every avoidance rule, both localities and overlapping codes.

function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const CODES = ['A080101', 'A0801', 'A080102', 'A0602', 'A060201', 'A0401', 'C0301', 'A08'];
const PARTIES = [TENDEREE, AGENCY, BIDDER_A, BIDDER_B, '91110000MA0OTHERX1', '91440000MA0OTHERX2'];
const REGIONS = ['450103', '450201', '451002', '110105', '440301', '4501XX'];

function randomPool(size: number, seed: number, idOf = (i: number) => `E${String(i).padStart(5, '0')}`) {
  const rand = lcg(seed);
  const pick = <T>(list: readonly T[]) => list[rand(list.length)]!;
  return Array.from({ length: size }, (_, i) =>
    poolExpert({
      id: idOf(i),
      employerUscc: rand(8) === 0 ? null : pick(PARTIES),
      regionCode: pick(REGIONS),
      status: rand(12) === 0 ? 'suspended' : rand(20) === 0 ? 'removed' : 'active',
      creditScore: 50 + rand(50),
      specialties: Array.from({ length: 1 + rand(3) }, () => pick(CODES)),
      unavailableDates: rand(6) === 0 ? ['2026-12-15'] : rand(6) === 0 ? ['2026-12-16'] : [],
      conflicts: rand(6) === 0 ? [{ partyUscc: pick(PARTIES), relation: 'relative' }] : [],
      recentDraws: rand(6) === 0 ? [{ tendereeUscc: pick(PARTIES), date: `2026-1${1 + rand(2)}-20` }] : [],
    }),
  );
}

const REQUESTS: DrawRequest[] = [
  drawRequest(),
  drawRequest({
    slots: [
      { specialty: 'A0801', count: 3, remote: 1 },
      { specialty: 'A06', count: 2, remote: 1 },
    ],
  }),
  // Overlapping codes, a slot with no remote seat, a city prefix and an explicit exclusion.
  drawRequest({
    localRegionPrefix: '4501',
    slots: [
      { specialty: 'A08', count: 2, remote: 0 },
      { specialty: 'A080101', count: 2, remote: 1 },
      { specialty: 'C03', count: 1, remote: 1 },
    ],
    exclusions: [{ expertId: 'E00007', reason: 'known relationship' }],
  }),
];

const contextFor = (request: DrawRequest, overrides: Partial<DrawContext> = {}) =>
  drawContext({ exclusions: request.exclusions, minCreditScore: 60, ...overrides });

/** What the scan path hands the draw: the seats' lists and snapshot over eligibility(pool).eligible. */
function scanned(pool: PoolExpert[], request: DrawRequest, ctx: DrawContext) {
  const seats = seatsOf(request);
  return candidatesBySeat(seats, eligibility(pool, ctx).eligible, request.localRegionPrefix);
}

function indexed(index: DrawIndex, request: DrawRequest, ctx: DrawContext) {
  const { lists, union } = index.source(ctx)(seatsOf(request), request.localRegionPrefix);
  return { lists: lists.map((l) => Array.from({ length: l.length }, (_, k) => l.at(k)!)), union };
}

const ids = (list: readonly { id: string }[]) => list.map((c) => c.id);

function assertSameCandidates(index: DrawIndex, pool: PoolExpert[], request: DrawRequest, ctx: DrawContext) {
  const want = scanned(pool, request, ctx);
  const got = indexed(index, request, ctx);
  assert.deepEqual(
    got.lists.map(ids),
    want.lists.map((l) => ids(l as DrawCandidate[])),
  );
  assert.deepEqual(ids(got.union), ids(want.union));
  assert.deepEqual(
    got.union,
    want.union.map((c) => ({ id: c.id, regionCode: c.regionCode, specialties: c.specialties })),
  );
}

/** A draw with two redraws, the second over a pool that changed, through the index or a scan. */
function drawWithRedraws(source: (ctx: DrawContext) => Parameters<typeof startDraw>[0]['pool']) {
  const request = REQUESTS[1]!;
  const ctx = contextFor(request);
  const secret = fixedSecret(0x42);
  let record: DrawRecord = startDraw({ request, secret, entropy: 'ab', pool: source(ctx), catalog });
  for (const k of [0, 2]) {
    const replaces = record.steps[0]!.selected[k]!.expertId;
    record = replaceMember(record, { secret, replaces, pool: source(ctx), catalog }).record;
  }
  return revealSecret(record, secret);
}

describe('DrawIndex: the draw over an index of the pool', () => {
  it('gives every seat the same candidates and the record the same snapshot as the full scan', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const pool = randomPool(400, seed);
      const index = new DrawIndex(pool);
      for (const request of REQUESTS) {
        assertSameCandidates(index, pool, request, contextFor(request));
        // Bidders unknown, no cooldown, a stricter threshold: other rules bite.
        const other = contextFor(request, {
          bidderUsccs: [],
          sameTendereeCooldownDays: 0,
          minCreditScore: 80,
        });
        assertSameCandidates(index, pool, request, other);
        const agencyless = contextFor(request, { agencyUscc: null, evaluationDate: '2026-12-16' });
        assertSameCandidates(index, pool, request, agencyless);
      }
    }
  });

  it('eligibleFor keeps what eligibility keeps of the experts the request could draw', () => {
    const pool = randomPool(300, 9);
    const index = new DrawIndex(pool);
    const request = REQUESTS[2]!;
    const ctx = contextFor(request);
    const covers = (e: PoolExpert) =>
      e.specialties.some((code) => request.slots.some((s) => code.startsWith(s.specialty)));
    const want = eligibility(pool, ctx)
      .eligible.filter(covers)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(ids(index.eligibleFor(request, ctx)), ids(want));
    const onlyFirst = want.filter((e) => e.specialties.some((c) => c.startsWith('A08')));
    assert.deepEqual(ids(index.eligibleFor(request, ctx, { slot: 0 })), ids(onlyFirst));
  });

  it('writes the same record as the scan, and verify-draw re-runs it', () => {
    const pool = randomPool(500, 7);
    const index = new DrawIndex(pool);
    const viaIndex = drawWithRedraws((ctx) => index.source(ctx));
    const viaScan = drawWithRedraws((ctx) => eligibility(pool, ctx).eligible);
    assert.deepEqual(JSON.parse(JSON.stringify(viaIndex)), JSON.parse(JSON.stringify(viaScan)));
    assert.deepEqual(verifyDraw(viaIndex), { ok: true, problems: [] });
    assert.deepEqual(verifyDrawJson(viaIndex), { ok: true, problems: [] });
  });

  it('refuses a pool with a duplicate id', () => {
    assert.throws(
      () => new DrawIndex([poolExpert({ id: 'E1' }), poolExpert({ id: 'E1' })]),
      /Duplicate expert id/,
    );
  });
});

const verifyDrawJson = (record: DrawRecord) => verifyDraw(JSON.parse(JSON.stringify(record)) as DrawRecord);

describe('DrawIndex upkeep: a change after the index was built is seen by the next draw', () => {
  const request = drawRequest({ slots: [{ specialty: 'A0801', count: 1, remote: 0 }] });
  const ctx = contextFor(request);
  const candidatesOf = (index: DrawIndex) => ids(indexed(index, request, ctx).lists[0]!);
  const base = () => [
    poolExpert({ id: 'E0002' }),
    poolExpert({ id: 'E0004' }),
    poolExpert({ id: 'E0006', specialties: ['C0301'] }),
  ];

  it('an expert added after the index was built, with an id sorting last or in between', () => {
    const index = new DrawIndex(base());
    index.upsert(poolExpert({ id: 'E0009' }));
    index.upsert(poolExpert({ id: 'E0003' }));
    index.upsert(poolExpert({ id: 'E0001', specialties: ['A0602', 'A080102'] }));
    assert.deepEqual(candidatesOf(index), ['E0001', 'E0002', 'E0003', 'E0004', 'E0009']);
    assert.equal(index.size, 6);
  });

  it('an expert suspended, removed from the pool, or sanctioned to a credit below the threshold', () => {
    const index = new DrawIndex([...base(), poolExpert({ id: 'E0008' })]);
    index.upsert(poolExpert({ id: 'E0002', status: 'suspended' }));
    index.upsert(poolExpert({ id: 'E0004', creditScore: 59 }));
    index.remove('E0008');
    assert.deepEqual(candidatesOf(index), []);
    index.upsert(poolExpert({ id: 'E0002', status: 'active' })); // reinstated
    assert.deepEqual(candidatesOf(index), ['E0002']);
  });

  it('a late expert suspended, then removed', () => {
    const index = new DrawIndex(base());
    index.upsert(poolExpert({ id: 'E0003' }));
    index.upsert(poolExpert({ id: 'E0003', status: 'removed' }));
    assert.deepEqual(candidatesOf(index), ['E0002', 'E0004']);
    index.remove('E0003');
    assert.equal(index.get('E0003'), undefined);
  });

  it('a specialty, employer, conflict, unavailable day or recent draw changed', () => {
    const index = new DrawIndex(base());
    index.upsert(poolExpert({ id: 'E0006', specialties: ['A080199'] })); // gains the code
    index.upsert(poolExpert({ id: 'E0002', specialties: ['C0301'] })); // loses it
    assert.deepEqual(candidatesOf(index), ['E0004', 'E0006']);
    index.upsert(poolExpert({ id: 'E0004', employerUscc: BIDDER_B }));
    index.upsert(
      poolExpert({
        id: 'E0006',
        specialties: ['A080199'],
        conflicts: [{ partyUscc: AGENCY, relation: 'x' }],
      }),
    );
    assert.deepEqual(candidatesOf(index), []);
    index.upsert(poolExpert({ id: 'E0004', unavailableDates: ['2026-12-15'] }));
    index.upsert(
      poolExpert({
        id: 'E0006',
        specialties: ['A080199'],
        recentDraws: [{ tendereeUscc: TENDEREE, date: '2026-12-01' }],
      }),
    );
    assert.deepEqual(candidatesOf(index), []);
    index.upsert(poolExpert({ id: 'E0004' }));
    index.upsert(poolExpert({ id: 'E0006', specialties: ['A080199'] }));
    assert.deepEqual(candidatesOf(index), ['E0004', 'E0006']);
  });

  it('stays equal to the scan through many random changes and compactions', () => {
    const pool = randomPool(300, 11, (i) => `E${String(i * 2).padStart(5, '0')}`);
    const index = new DrawIndex(pool);
    const current = new Map(pool.map((e) => [e.id, e]));
    const rand = lcg(99);
    const fresh = randomPool(
      2000,
      12,
      (i) => `E${String(rand(1200)).padStart(5, '0')}${i % 3 === 0 ? 'x' : ''}`,
    );
    fresh.forEach((expert, k) => {
      if (rand(5) === 0 && current.size > 0) {
        const victim = [...current.keys()][rand(current.size)]!;
        current.delete(victim);
        index.remove(victim);
      } else {
        current.set(expert.id, expert);
        index.upsert(expert);
      }
      if (k % 97 === 0) {
        for (const request of REQUESTS)
          assertSameCandidates(index, [...current.values()], request, contextFor(request));
      }
    });
    assert.equal(index.size, current.size);
    assert.deepEqual(ids(index.all()), [...current.keys()].sort());
  });
});

import { strict as assert } from 'node:assert';
import { fromHex } from '../crypto/index.js';
import { defaultCatalog as catalog } from './catalog/default.js';
import { runDraw } from './draw.js';
import { DrawRng } from './rng.js';
import { drawSeed, requestDigest } from './seed.js';
import { drawRequest, fixedSecret, poolExpert } from './testing.js';

// 20 candidates, pick 3, 20,000 draws with fixed seeds (the entropy is the draw number). Two exact
// multinomial tests at p = 0.001:
//  - the unordered committee: C(20,3) = 1140 equally likely subsets, 1139 degrees of freedom;
//  - the expert in the first seat: 20 equally likely experts, 19 degrees of freedom.
const N = 20;
const DRAWS = 20_000;
const Z_999 = 3.090232; // standard normal quantile at 0.999

/** Upper chi-square critical value (Wilson-Hilferty; within 0.5% of the tables at these df). */
function chiSquareCritical(df: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + Z_999 * Math.sqrt(a)) ** 3;
}

function chiSquare(counts: Map<string, number>, categories: number, total: number): number {
  const expected = total / categories;
  let stat = (categories - counts.size) * expected; // categories never seen contribute E
  for (const observed of counts.values()) stat += (observed - expected) ** 2 / expected;
  return stat;
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

describe('draw uniformity (chi-square, fixed seeds)', () => {
  it('uses critical values matching the tables', () => {
    // Table values: 43.820 (df 19), 149.449 (df 100).
    assert.ok(Math.abs(chiSquareCritical(19) / 43.82 - 1) < 0.005);
    assert.ok(Math.abs(chiSquareCritical(100) / 149.449 - 1) < 0.005);
  });

  it('draws every committee and every first seat equally often', function () {
    this.timeout(60_000);
    const pool = Array.from({ length: N }, (_, i) =>
      poolExpert({ id: `E${String(i).padStart(2, '0')}`, specialties: ['A0602'], regionCode: '450103' }),
    );
    const request = drawRequest({ slots: [{ specialty: 'A06', count: 3, remote: 0 }] });
    const digest = requestDigest(request);
    const secret = fixedSecret(0x42);
    const subsets = new Map<string, number>();
    const firsts = new Map<string, number>();
    for (let k = 0; k < DRAWS; k++) {
      const entropy = k.toString(16).padStart(8, '0');
      const members = runDraw({ seed: drawSeed(secret, entropy, digest), request, pool, catalog });
      bump(firsts, members[0]!.expertId);
      bump(
        subsets,
        members
          .map((m) => m.expertId)
          .sort()
          .join(','),
      );
    }
    const subsetStat = chiSquare(subsets, 1140, DRAWS);
    const firstStat = chiSquare(firsts, N, DRAWS);
    assert.ok(subsetStat < chiSquareCritical(1139), `subsets: ${subsetStat} ≥ ${chiSquareCritical(1139)}`);
    assert.ok(firstStat < chiSquareCritical(19), `first seat: ${firstStat} ≥ ${chiSquareCritical(19)}`);
  });

  it('would catch a biased picker (the test can fail)', () => {
    const rng = new DrawRng(fromHex('42'.repeat(32)));
    const firsts = new Map<string, number>();
    for (let k = 0; k < DRAWS; k++) bump(firsts, String(rng.below(N + 1) % N)); // 0 twice as likely
    assert.ok(chiSquare(firsts, N, DRAWS) > chiSquareCritical(19));
  });
});

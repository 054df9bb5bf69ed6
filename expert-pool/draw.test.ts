import { strict as assert } from 'node:assert';
import { defaultCatalog as catalog } from './catalog/default.js';
import { runDraw, redraw } from './draw.js';
import { DrawRequestError, DrawShortfallError } from './errors.js';
import { drawSeed, requestDigest } from './seed.js';
import { drawRequest, fixedSecret, poolExpert } from './testing.js';
import type { DrawCandidate, DrawRequest } from './types.js';

const seedFor = (request: DrawRequest, byte = 0x11) =>
  drawSeed(fixedSecret(byte), '', requestDigest(request));

/** n experts of one specialty, local (Guangxi 45xxxx) or remote (Beijing 11xxxx). */
function experts(prefix: string, specialty: string, n: number, region: string): DrawCandidate[] {
  return Array.from({ length: n }, (_, i) =>
    poolExpert({
      id: `${prefix}${String(i).padStart(3, '0')}`,
      specialties: [specialty],
      regionCode: region,
    }),
  );
}

const pool = [
  ...experts('LA', 'A080101', 10, '450103'),
  ...experts('RA', 'A080107', 10, '110105'),
  ...experts('LC', 'A0602', 6, '450203'),
  ...experts('RC', 'A0602', 2, '440305'),
];

describe('runDraw', () => {
  const request = drawRequest({
    slots: [
      { specialty: 'A0801', count: 4, remote: 2 },
      { specialty: 'A06', count: 3, remote: 1 },
    ],
  });

  it('is deterministic for a seed and depends on it', () => {
    const a = runDraw({ seed: seedFor(request), request, pool, catalog });
    const b = runDraw({ seed: seedFor(request), request, pool: [...pool].reverse(), catalog });
    assert.deepEqual(a, b, 'the pool order does not matter: candidates are sorted by id');
    const others = [0x22, 0x33, 0x44].map((byte) =>
      runDraw({ seed: seedFor(request, byte), request, pool, catalog }),
    );
    assert.ok(others.some((o) => JSON.stringify(o) !== JSON.stringify(a)));
  });

  it('honours the local/remote mix and the specialty of each slot, with no one twice', () => {
    for (let byte = 1; byte < 40; byte++) {
      const members = runDraw({ seed: seedFor(request, byte), request, pool, catalog });
      assert.equal(members.length, 7);
      assert.equal(new Set(members.map((m) => m.expertId)).size, 7);
      const of = (slot: number, locality: string) =>
        members.filter((m) => m.slot === slot && m.locality === locality);
      assert.ok(of(0, 'local').every((m) => m.expertId.startsWith('LA')) && of(0, 'local').length === 2);
      assert.ok(of(0, 'remote').every((m) => m.expertId.startsWith('RA')) && of(0, 'remote').length === 2);
      assert.ok(of(1, 'local').every((m) => m.expertId.startsWith('LC')) && of(1, 'local').length === 2);
      assert.ok(of(1, 'remote').every((m) => m.expertId.startsWith('RC')) && of(1, 'remote').length === 1);
    }
  });

  it('treats a city prefix as local and the rest of the province as remote', () => {
    const cityRequest = drawRequest({
      localRegionPrefix: '4501',
      slots: [{ specialty: 'A06', count: 2, remote: 2 }],
    });
    const members = runDraw({ seed: seedFor(cityRequest), request: cityRequest, pool, catalog });
    // LC experts are in 4502xx (Liuzhou): remote for a Nanning (4501) draw.
    assert.ok(members.every((m) => m.locality === 'remote'));
  });

  it('names every short specialty and locality before drawing', () => {
    const short = drawRequest({
      slots: [
        { specialty: 'A0801', count: 12, remote: 1 }, // 11 local wanted, 10 available
        { specialty: 'A06', count: 5, remote: 3 }, // 3 remote wanted, 2 available
        { specialty: 'A0401', count: 1, remote: 0 }, // nobody at all
        { specialty: 'A080101', count: 1, remote: 0 }, // enough on its own: a different code is counted apart
      ],
    });
    try {
      runDraw({ seed: seedFor(short), request: short, pool, catalog });
      assert.fail('expected a shortfall');
    } catch (err) {
      assert.ok(err instanceof DrawShortfallError);
      assert.deepEqual(err.shortfalls, [
        { specialty: 'A0801', locality: 'local', needed: 11, available: 10 },
        { specialty: 'A06', locality: 'remote', needed: 3, available: 2 },
        { specialty: 'A0401', locality: 'local', needed: 1, available: 0 },
      ]);
      assert.match(
        err.message,
        /A0801 local: needed 11, available 10; A06 remote: needed 3, available 2; A0401 local/,
      );
    }
  });

  it('adds up seats that ask for the same specialty and locality', () => {
    const twice = drawRequest({
      slots: [
        { specialty: 'A06', count: 2, remote: 2 },
        { specialty: 'A06', count: 1, remote: 1 },
      ],
    });
    assert.throws(
      () => runDraw({ seed: seedFor(twice), request: twice, pool, catalog }),
      (err: unknown) =>
        err instanceof DrawShortfallError &&
        JSON.stringify(err.shortfalls) ===
          JSON.stringify([{ specialty: 'A06', locality: 'remote', needed: 3, available: 2 }]),
    );
  });

  it('refuses malformed requests and unknown specialties with every problem listed', () => {
    const bad = drawRequest({
      localRegionPrefix: '4',
      evaluationDate: '2026-02-30',
      slots: [
        { specialty: 'A0899', count: 1, remote: 0 },
        { specialty: 'A08', count: 2, remote: 3 },
      ],
    });
    assert.throws(
      () => runDraw({ seed: seedFor(drawRequest()), request: bad, pool, catalog }),
      (err: unknown) => err instanceof DrawRequestError && err.problems.length === 4,
    );
  });

  it('refuses a pool with a duplicate id', () => {
    const request1 = drawRequest();
    const dup = [...pool, pool[0]!];
    assert.throws(
      () => runDraw({ seed: seedFor(request1), request: request1, pool: dup, catalog }),
      /Duplicate expert id/,
    );
  });
});

describe('redraw', () => {
  const request = drawRequest({ slots: [{ specialty: 'A0801', count: 3, remote: 1 }] });
  const seed = seedFor(request);
  const members = runDraw({ seed, request, pool, catalog });
  const remote = members.find((m) => m.locality === 'remote')!;

  it('replaces within the same seat, never someone already drawn, deterministically per index', () => {
    const drawn = members.map((m) => m.expertId);
    const input = { seed, request, replaces: remote, pool, alreadyDrawn: drawn, catalog };
    const first = redraw({ ...input, index: 1 });
    assert.deepEqual(first, redraw({ ...input, index: 1 }));
    assert.equal(first.slot, 0);
    assert.equal(first.locality, 'remote');
    assert.ok(first.expertId.startsWith('RA') && !drawn.includes(first.expertId));
    const picks = new Set(Array.from({ length: 20 }, (_, i) => redraw({ ...input, index: i + 1 }).expertId));
    assert.ok(picks.size > 1, 'different indices give different seeds');
  });

  it('reports a shortfall when nobody is left for the seat', () => {
    const everyone = pool.map((e) => e.id);
    assert.throws(
      () => redraw({ seed, index: 1, request, replaces: remote, pool, alreadyDrawn: everyone, catalog }),
      /A0801 remote: needed 1, available 0/,
    );
  });
});

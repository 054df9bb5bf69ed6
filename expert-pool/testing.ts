// Builders for tests and the benchmark: a valid expert, context and request, overridden per case.
import { defaultCatalog as catalog } from './catalog/default.js';
import { replaceMember, revealSecret, startDraw } from './record.js';
import type { DrawContext, DrawRecord, DrawRequest, PoolExpert } from './types.js';

export const TENDEREE = '91450100MA5TENDER1';
export const AGENCY = '91450100MA5AGENCY1';
export const BIDDER_A = '91450100MA5BIDDERA';
export const BIDDER_B = '91450100MA5BIDDERB';
export const OTHER = '91110000MA0OTHERX1';

export function poolExpert(overrides: Partial<PoolExpert> = {}): PoolExpert {
  return {
    id: 'E0001',
    employerUscc: OTHER,
    regionCode: '450103',
    status: 'active',
    creditScore: 90,
    specialties: ['A080101'],
    unavailableDates: [],
    conflicts: [],
    recentDraws: [],
    ...overrides,
  };
}

export function drawContext(overrides: Partial<DrawContext> = {}): DrawContext {
  return {
    tendereeUscc: TENDEREE,
    agencyUscc: AGENCY,
    bidderUsccs: [BIDDER_A, BIDDER_B],
    evaluationDate: '2026-12-15',
    minCreditScore: 60,
    sameTendereeCooldownDays: 30,
    exclusions: [],
    ...overrides,
  };
}

export function drawRequest(overrides: Partial<DrawRequest> = {}): DrawRequest {
  return {
    sectionId: 'S-2026-0001-01',
    localRegionPrefix: '45',
    slots: [{ specialty: 'A0801', count: 3, remote: 1 }],
    evaluationDate: '2026-12-15',
    place: '南宁市公共资源交易中心 3 号评标室',
    exclusions: [],
    ...overrides,
  };
}

/** A fixed secret for deterministic tests: 32 bytes of `byte`. */
export const fixedSecret = (byte = 0x11) => byte.toString(16).padStart(2, '0').repeat(32);

// A small pool and request with a two-step redraw chain, for the record, verify and CLI tests.
const secret = fixedSecret(0x5a);
const pool: PoolExpert[] = Array.from({ length: 40 }, (_, i) =>
  poolExpert({
    id: `E${String(i).padStart(4, '0')}`,
    regionCode: i % 3 === 0 ? '110105' : '450103',
    specialties: [i % 2 === 0 ? 'A080101' : 'A0602', ...(i % 5 === 0 ? ['C0301'] : [])],
  }),
);
const request = drawRequest({
  slots: [
    { specialty: 'A0801', count: 3, remote: 1 },
    { specialty: 'A06', count: 2, remote: 1 },
  ],
});

/** A revealed record with two redraws: the first initial member declines, then the replacement times out. */
function revealedRecord(): DrawRecord {
  let record = startDraw({ request, secret, entropy: 'c0ffee', pool, catalog });
  const first = record.steps[0]!.selected[0]!.expertId;
  const r1 = replaceMember(record, { secret, replaces: first, pool, catalog });
  const r2 = replaceMember(r1.record, { secret, replaces: r1.member.expertId, pool: pool.slice(1), catalog });
  record = r2.record;
  return revealSecret(record, secret);
}

export const recordFixture = { secret, pool, request, revealed: revealedRecord };

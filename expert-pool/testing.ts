// Builders for tests and the benchmark: a valid expert, context and request, overridden per case.
import type { DrawContext, DrawRequest, PoolExpert } from './types.js';

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

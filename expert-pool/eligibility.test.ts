import { strict as assert } from 'node:assert';
import { eligibility } from './eligibility.js';
import { AGENCY, BIDDER_A, TENDEREE, drawContext, poolExpert } from './testing.js';

describe('eligibility', () => {
  const experts = [
    poolExpert({ id: 'ok-1' }),
    poolExpert({ id: 'tenderee-staff', employerUscc: TENDEREE }),
    poolExpert({ id: 'agency-staff', employerUscc: AGENCY }),
    poolExpert({ id: 'bidder-staff', employerUscc: BIDDER_A }),
    poolExpert({ id: 'suspended-and-bidder-staff', status: 'suspended', employerUscc: BIDDER_A }),
    poolExpert({ id: 'away', unavailableDates: ['2026-12-15'] }),
    poolExpert({ id: 'low-credit', creditScore: 40 }),
    poolExpert({ id: 'recent', recentDraws: [{ tendereeUscc: TENDEREE, date: '2026-12-01' }] }),
    poolExpert({ id: 'conflicted', conflicts: [{ partyUscc: BIDDER_A, relation: 'brother is a director' }] }),
    poolExpert({ id: 'excluded' }),
    poolExpert({ id: 'ok-2', employerUscc: null }),
  ];
  const ctx = drawContext({ exclusions: [{ expertId: 'excluded', reason: 'reported by the supervisor' }] });

  it('keeps eligible experts in input order and reports each excluded expert once, first rule first', () => {
    const { eligible, excluded } = eligibility(experts, ctx);
    assert.deepEqual(
      eligible.map((e) => e.id),
      ['ok-1', 'ok-2'],
    );
    assert.deepEqual(
      excluded.map((e) => [e.expertId, e.rule]),
      [
        ['tenderee-staff', 'same-employer-as-tenderee'],
        ['agency-staff', 'same-employer-as-agency'],
        ['bidder-staff', 'same-employer-as-bidder'],
        ['suspended-and-bidder-staff', 'suspended-or-removed'],
        ['away', 'unavailable-on-date'],
        ['low-credit', 'credit-below-threshold'],
        ['recent', 'same-tenderee-cooldown'],
        ['conflicted', 'declared-conflict'],
        ['excluded', 'explicit-exclusion'],
      ],
    );
    assert.equal(excluded.find((e) => e.expertId === 'excluded')?.reason, 'reported by the supervisor');
  });

  it('returns the same expert objects, unchanged', () => {
    const snapshot = structuredClone(experts);
    const { eligible } = eligibility(experts, ctx);
    assert.equal(eligible[0], experts[0]);
    assert.deepEqual(experts, snapshot);
  });

  it('handles an empty pool', () => {
    assert.deepEqual(eligibility([], ctx), { eligible: [], excluded: [] });
  });
});

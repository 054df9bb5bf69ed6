import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { registryMatchesFolder } from '../../src/platform/rules/fixture-table.js';
import { AGENCY, BIDDER_A, OTHER, TENDEREE, drawContext, poolExpert } from '../testing.js';
import { avoidanceRules, avoidanceRulesById, firstViolation, prepareContext } from './index.js';

describe('avoidance rules: the registry', () => {
  registryMatchesFolder({
    files: readdirSync(new URL('.', import.meta.url)),
    registered: Object.keys(avoidanceRulesById),
    support: ['index', 'context', 'fixture-table'],
  });
});

describe('firstViolation', () => {
  it('agrees with looping over avoidanceRules on every combination of triggers', () => {
    const ctx = prepareContext(drawContext({ exclusions: [{ expertId: 'x', reason: 'listed' }] }));
    const employers = [null, OTHER, TENDEREE, AGENCY, BIDDER_A];
    let checked = 0;
    for (const status of ['active', 'suspended', 'removed'] as const)
      for (const id of ['x', 'y'])
        for (const employerUscc of employers)
          for (const conflict of [[], [{ partyUscc: BIDDER_A, relation: 'r' }]])
            for (const unavailableDates of [[], ['2026-12-15']])
              for (const creditScore of [59, 60])
                for (const recentDraws of [[], [{ tendereeUscc: TENDEREE, date: '2026-12-10' }]]) {
                  const e = poolExpert({
                    id,
                    status,
                    employerUscc,
                    conflicts: conflict,
                    unavailableDates,
                    creditScore,
                    recentDraws,
                  });
                  let expected = null;
                  for (const rule of avoidanceRules) if ((expected = rule(e, ctx))) break;
                  assert.deepEqual(firstViolation(e, ctx), expected);
                  checked++;
                }
    assert.equal(checked, 3 * 2 * 5 * 2 * 2 * 2 * 2);
  });
});

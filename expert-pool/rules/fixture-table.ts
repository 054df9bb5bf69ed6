// Runs one avoidance rule over its table of fixtures, through the platform's rule kernel (one rule, one table).
import { strict as assert } from 'node:assert';
import { fixtureTable } from '../../src/platform/rules/fixture-table.js';
import { drawContext, poolExpert } from '../testing.js';
import type { DrawContext, PoolExpert } from '../types.js';
import { prepareContext, type AvoidanceRule } from './context.js';
import { avoidanceRulesById } from './index.js';

export interface RuleFixture {
  name: string;
  expert?: Partial<PoolExpert>;
  ctx?: Partial<DrawContext>;
  /** null: the expert passes; a RegExp: excluded with a reason matching it. */
  expect: RegExp | null;
}

export function ruleTable(ruleId: string, rule: AvoidanceRule, fixtures: RuleFixture[]): void {
  fixtureTable({
    id: ruleId,
    title: 'avoidance rule',
    rule: (expert: PoolExpert, ctx) => {
      // The table's rule is the one registered under its id, so a finding's `rule` names its file.
      assert.equal(avoidanceRulesById[ruleId], rule, `${ruleId} is registered as this rule`);
      return rule(expert, ctx);
    },
    given: (f: RuleFixture) => ({ facts: poolExpert(f.expert), context: prepareContext(drawContext(f.ctx)) }),
    expect: (findings, f) => {
      if (f.expect === null) return assert.deepEqual(findings, []);
      assert.equal(findings.length, 1, 'expected an exclusion');
      assert.equal(findings[0]!.rule, ruleId);
      assert.match(findings[0]!.reason, f.expect);
    },
    rows: fixtures,
  });
}

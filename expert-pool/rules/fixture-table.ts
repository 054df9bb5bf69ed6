// Runs one avoidance rule over a table of fixtures (the cardinal-rs pattern: one rule, one table).
import { strict as assert } from 'node:assert';
import { drawContext, poolExpert } from '../testing.js';
import type { DrawContext, PoolExpert } from '../types.js';
import { prepareContext, type AvoidanceRule } from './context.js';

export interface RuleFixture {
  name: string;
  expert?: Partial<PoolExpert>;
  ctx?: Partial<DrawContext>;
  /** null: the expert passes; a RegExp: excluded with a reason matching it. */
  expect: RegExp | null;
}

export function ruleTable(ruleId: string, rule: AvoidanceRule, fixtures: RuleFixture[]): void {
  describe(`avoidance rule ${ruleId}`, () => {
    for (const f of fixtures) {
      it(f.name, () => {
        const result = rule(poolExpert(f.expert), prepareContext(drawContext(f.ctx)));
        if (f.expect === null) assert.equal(result, null);
        else {
          assert.ok(result, 'expected an exclusion');
          assert.equal(result.rule, ruleId);
          assert.match(result.reason, f.expect);
        }
      });
    }
  });
}

// For the fixture tables beside each rule: a tender that passes every rule, and the table adapter.
import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import type { EvaluationPlan } from '../evaluation-plan.js';
import type {
  CustodianFacts,
  ScheduleFacts,
  SectionFacts,
  TenderFacts,
  TenderRule,
  Violation,
} from './rule.js';

export const DAY = 24 * 3600_000;
export const NOW = new Date('2026-03-02T04:00:00.000Z');
export const at = (ms: number) => new Date(NOW.getTime() + ms);

export const custodian = (userId: string, overrides: Partial<CustodianFacts> = {}): CustodianFacts => ({
  userId,
  role: 'custodian',
  hasValidCertificate: true,
  ...overrides,
});
export const THREE = [custodian('c1'), custodian('c2'), custodian('c3')];

/** A plan that passes every rule: 综合评估法, qualification pass/fail, technical 40, price 60, five experts. */
export function plan(overrides: Partial<EvaluationPlan> = {}): EvaluationPlan {
  return {
    method: 'comprehensive',
    criteria: [
      { key: 'qualification', name: '资格审查', kind: 'pass-fail', group: 'qualification', points: 0 },
      { key: 'technical', name: '技术方案', kind: 'subjective', group: 'technical', points: 40 },
      { key: 'price', name: '投标报价', kind: 'objective', group: 'price', points: 60 },
    ],
    priceFormula: { base: 'lowest-price' },
    committee: { size: 5, experts: 5, representatives: 0 },
    governmentProcurement: false,
    deviationPercent: 20,
    abnormallyLowPercent: 20,
    durationMinutes: 240,
    ...overrides,
  };
}

/** A section of the baseline tender, with the baseline plan unless given. */
export const section = (
  money: Omit<SectionFacts, 'evaluationPlan'>,
  evaluationPlan: EvaluationPlan = plan(),
): SectionFacts => ({ ...money, evaluationPlan });

/** Documents from now for 7 days, clarifications until day 10, bids due on day 25, one section at 1.5% deposit. */
export function facts(
  overrides: {
    schedule?: Partial<ScheduleFacts>;
    sections?: SectionFacts[];
    custodians?: Partial<TenderFacts['custodians']>;
  } = {},
): TenderFacts {
  return {
    schedule: {
      documentsFrom: at(0),
      documentsTo: at(7 * DAY),
      clarificationDeadline: at(10 * DAY),
      bidDeadline: at(25 * DAY),
      ...overrides.schedule,
    },
    sections: overrides.sections ?? [
      section({ maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 13_500_00 }),
    ],
    custodians: { threshold: 2, members: THREE, ...overrides.custodians },
  };
}

/** A violation expected as [code, field], optionally with a pattern its message must match. */
export type Expected = [code: string, field: string, message?: RegExp];

export interface ViolationRow {
  name: string;
  facts: TenderFacts;
  /** The time of the check; NOW when absent. */
  now?: Date;
  /** The violations, in the order the rule reports them. */
  expect: Expected[];
  /** Parameters the (first) violation must carry. */
  params?: Record<string, unknown>;
}

/** Asserts violations against [code, field, message?] rows; every violation says what is wrong. */
export function assertViolations(violations: readonly Violation[], expected: Expected[]): void {
  assert.deepEqual(
    violations.map((v) => [v.code, v.field]),
    expected.map(([code, field]) => [code, field]),
  );
  expected.forEach(([, , message], i) => {
    assert.ok(violations[i]!.message.length > 0, 'every violation says what is wrong');
    if (message) assert.match(violations[i]!.message, message);
  });
}

/** The fixture table of a publication rule, run by the platform's rule kernel. */
export function violationTable(id: string, title: string, rule: TenderRule, rows: ViolationRow[]): void {
  fixtureTable({
    id,
    title,
    rule,
    given: (row: ViolationRow) => ({ facts: row.facts, context: row.now ?? NOW }),
    expect: (violations, row) => {
      assertViolations(violations, row.expect);
      if (row.params) assert.deepEqual(violations[0]?.params, row.params);
    },
    rows,
  });
}

import type { Criterion, EvaluationPlan } from '../evaluation-plan.js';
import { evaluationCriteria } from './evaluation-criteria.js';
import { facts, plan, section, violationTable } from './testing.js';

const pass = (key: string): Criterion => ({
  key,
  name: '资格审查',
  kind: 'pass-fail',
  group: 'qualification',
  points: 0,
});
const scored = (key: string, points: number, group: Criterion['group'] = 'technical'): Criterion => ({
  key,
  name: '技术方案',
  kind: 'subjective',
  group,
  points,
});
const price = (points: number, key = 'price'): Criterion => ({
  key,
  name: '投标报价',
  kind: 'objective',
  group: 'price',
  points,
});
const of = (overrides: Partial<EvaluationPlan>) =>
  facts({
    sections: [
      section({ maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 0 }, plan(overrides)),
    ],
  });
const lowest = (criteria: Criterion[]) => of({ method: 'lowest-evaluated-price', criteria });
const AT = 'sections.0.evaluationPlan';

violationTable(
  'evaluation-criteria',
  'criteria consistent with the method: unique keys, one price, points sum to 100, two decimals (PB Art.29-37)',
  evaluationCriteria,
  [
    { name: 'the baseline (pass-fail, technical 40, price 60) passes', facts: of({}), expect: [] },
    {
      name: 'two decimals summing to 100 exactly passes (33.33 + 33.33 + 33.34)',
      facts: of({ criteria: [scored('a', 33.33), scored('b', 33.33, 'commercial'), price(33.34)] }),
      expect: [],
    },
    {
      name: 'points summing to 99.99 fail',
      facts: of({ criteria: [scored('a', 39.99), price(60)] }),
      expect: [['CRITERIA_POINTS_SUM', `${AT}.criteria`]],
      params: { sum: 99.99 },
    },
    {
      name: 'points summing to 100.01 fail',
      facts: of({ criteria: [scored('a', 40.01), price(60)] }),
      expect: [['CRITERIA_POINTS_SUM', `${AT}.criteria`]],
      params: { sum: 100.01 },
    },
    {
      name: 'three decimals fail, naming the criterion',
      facts: of({ criteria: [scored('a', 39.995), price(60.005)] }),
      expect: [
        ['CRITERIA_POINTS_PRECISION', `${AT}.criteria.0.points`],
        ['CRITERIA_POINTS_PRECISION', `${AT}.criteria.1.points`],
      ],
    },
    {
      name: 'a key used twice fails at its second use',
      facts: of({ criteria: [pass('q'), scored('q', 40), price(60)] }),
      expect: [['CRITERIA_KEY_DUPLICATE', `${AT}.criteria.1.key`]],
    },
    {
      name: 'comprehensive without a price criterion fails',
      facts: of({ criteria: [pass('q'), scored('a', 100)] }),
      expect: [['CRITERIA_PRICE_COUNT', `${AT}.criteria`]],
      params: { count: 0 },
    },
    {
      name: 'comprehensive with two price criteria fails',
      facts: of({ criteria: [scored('a', 40), price(30), price(30, 'price-2')] }),
      expect: [['CRITERIA_PRICE_COUNT', `${AT}.criteria`]],
      params: { count: 2 },
    },
    {
      name: 'a pass-fail criterion outside the qualification group fails on its group',
      facts: of({ criteria: [{ ...pass('q'), group: 'technical' }, scored('a', 40), price(60)] }),
      expect: [['CRITERION_GROUP_MISMATCH', `${AT}.criteria.0.group`]],
    },
    {
      name: 'a scored qualification criterion fails on its kind',
      facts: of({ criteria: [scored('a', 40, 'qualification'), price(60)] }),
      expect: [['CRITERION_GROUP_MISMATCH', `${AT}.criteria.0.kind`]],
    },
    {
      name: 'a typed (subjective) price fails on its kind',
      facts: of({ criteria: [scored('a', 40), { ...price(60), kind: 'subjective' }] }),
      expect: [['CRITERION_GROUP_MISMATCH', `${AT}.criteria.1.kind`]],
    },
    {
      name: 'a pass-fail criterion with points fails',
      facts: of({ criteria: [{ ...pass('q'), points: 5 }, scored('a', 40), price(60)] }),
      expect: [['CRITERION_PASS_FAIL_POINTS', `${AT}.criteria.0.points`]],
    },
    {
      name: 'objective criteria count in the sum: technical 20 subjective + 20 objective + price 60 passes',
      facts: of({
        criteria: [scored('a', 20), { ...scored('b', 20, 'commercial'), kind: 'objective' }, price(60)],
      }),
      expect: [],
    },
    {
      name: 'a benchmark-average rate with three decimals fails',
      facts: of({
        priceFormula: { base: 'benchmark-average', pointsPerPercentAbove: 1, pointsPerPercentBelow: 0.125 },
      }),
      expect: [['CRITERIA_POINTS_PRECISION', `${AT}.priceFormula.pointsPerPercentBelow`]],
    },
    {
      name: 'lowest price: pass-fail criteria and the price pass, whatever the points',
      facts: lowest([pass('q1'), pass('q2'), price(0)]),
      expect: [],
    },
    {
      name: 'lowest price: pass-fail criteria alone pass',
      facts: lowest([pass('q1')]),
      expect: [],
    },
    {
      name: 'lowest price: a subjective criterion fails',
      facts: lowest([pass('q1'), scored('a', 40), price(60)]),
      expect: [['CRITERION_NOT_ALLOWED', `${AT}.criteria.1.kind`]],
    },
    {
      name: 'lowest price: an objective non-price criterion fails',
      facts: lowest([pass('q1'), { ...scored('a', 10), kind: 'objective' }]),
      expect: [['CRITERION_NOT_ALLOWED', `${AT}.criteria.1.kind`]],
    },
    {
      name: 'lowest price: two price criteria fail',
      facts: lowest([pass('q1'), price(0), price(0, 'price-2')]),
      expect: [['CRITERIA_PRICE_COUNT', `${AT}.criteria`]],
    },
  ],
);

import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { CRITERIA } from './testing.js';
import { objectiveDisagreements, scoreSheetProblems, type Scores } from './sheets.js';

const FULL = { design: 40_00, staff: 10_50, warranty: 19_50 };

fixtureTable({
  id: 'score-sheet',
  title: 'every scored criterion, whole hundredths within 0..full, the price never typed (docs/domain.md §5)',
  rule: scoreSheetProblems,
  given: (row: { name: string; scores: Scores; problems: [string, string][] }) => ({
    facts: row.scores,
    context: CRITERIA,
  }),
  expect: (problems, row) =>
    assert.deepEqual(
      problems.map((p) => [p.code, p.criterionKey]),
      row.problems,
    ),
  rows: [
    { name: 'full marks everywhere', scores: FULL, problems: [] },
    { name: 'zero everywhere', scores: { design: 0, staff: 0, warranty: 0 }, problems: [] },
    {
      name: 'one hundredth over',
      scores: { ...FULL, staff: 10_51 },
      problems: [['SCORE_OUT_OF_RANGE', 'staff']],
    },
    { name: 'negative', scores: { ...FULL, design: -1 }, problems: [['SCORE_OUT_OF_RANGE', 'design']] },
    {
      name: 'a fraction of a hundredth',
      scores: { ...FULL, design: 12.5 },
      problems: [['SCORE_NOT_HUNDREDTHS', 'design']],
    },
    {
      name: 'a criterion left out',
      scores: { design: 1, staff: 1 },
      problems: [['CRITERION_MISSING', 'warranty']],
    },
    {
      name: 'the price typed',
      scores: { ...FULL, price: 30_00 },
      problems: [['PRICE_SCORE_TYPED', 'price']],
    },
    {
      name: 'a pass-fail criterion scored',
      scores: { ...FULL, licence: 1 },
      problems: [['CRITERION_UNKNOWN', 'licence']],
    },
    {
      name: 'a key not in the plan',
      scores: { ...FULL, bonus: 1 },
      problems: [['CRITERION_UNKNOWN', 'bonus']],
    },
  ],
});

describe('objectiveDisagreements (GP87 Art.64: inconsistent objective scores)', () => {
  it('lists objective criteria with differing values, ascending and distinct, without who gave them', () => {
    const sheets: Scores[] = [
      { design: 30_00, staff: 8_00, warranty: 19_50 },
      { design: 35_00, staff: 10_00, warranty: 19_50 },
      { design: 20_00, staff: 8_00, warranty: 19_50 },
    ];
    assert.deepEqual(objectiveDisagreements(sheets, CRITERIA), [
      { criterionKey: 'staff', values: [8_00, 10_00] },
    ]);
  });

  it('subjective differences are no disagreement, and agreeing sheets have none', () => {
    const same = { design: 1, staff: 2, warranty: 3 };
    assert.deepEqual(objectiveDisagreements([same, { ...same, design: 40_00 }], CRITERIA), []);
  });
});

import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { CRITERIA } from './testing.js';
import {
  majorityPasses,
  memberPasses,
  reviewOutcomes,
  reviewSheetProblems,
  type Verdicts,
} from './review.js';

const ok = { pass: true, reason: '' };
const fail = (reason: string) => ({ pass: false, reason });

fixtureTable({
  id: 'review-sheet',
  title: 'every pass-fail criterion judged, a reason for every fail (PB Art.42)',
  rule: reviewSheetProblems,
  given: (row: { name: string; verdicts: Verdicts; problems: [string, string][] }) => ({
    facts: row.verdicts,
    context: CRITERIA,
  }),
  expect: (problems, row) =>
    assert.deepEqual(
      problems.map((p) => [p.code, p.criterionKey]),
      row.problems,
    ),
  rows: [
    { name: 'all pass', verdicts: { licence: ok, bond: ok }, problems: [] },
    {
      name: 'a fail with its reason',
      verdicts: { licence: fail('expired 2025-01-01'), bond: ok },
      problems: [],
    },
    {
      name: 'a fail without a reason (blank does not count)',
      verdicts: { licence: fail('  '), bond: ok },
      problems: [['REASON_REQUIRED', 'licence']],
    },
    { name: 'a criterion left out', verdicts: { licence: ok }, problems: [['CRITERION_MISSING', 'bond']] },
    {
      name: 'a scored criterion judged as pass-fail',
      verdicts: { licence: ok, bond: ok, design: ok },
      problems: [['CRITERION_UNKNOWN', 'design']],
    },
  ],
});

describe('review: the member verdict and the committee majority', () => {
  it('a member passes a bid only if every criterion passes', () => {
    assert.equal(memberPasses({ licence: ok, bond: ok }), true);
    assert.equal(memberPasses({ licence: ok, bond: fail('none') }), false);
  });

  const majorities: [passes: number, members: number, passes: boolean][] = [
    [3, 5, true],
    [2, 5, false],
    [4, 7, true],
    [3, 7, false],
    [3, 6, false], // exactly half (one member replaced and not yet back) is not more than half
    [4, 6, true],
  ];
  for (const [passes, members, expected] of majorities) {
    it(`${passes} of ${members} pass: ${expected ? 'passes' : 'fails'}`, () =>
      assert.equal(majorityPasses(passes, members), expected));
  }

  it('outcomes per bid: null until every active member judged; replaced members do not count; last sheet counts', () => {
    const pass = { licence: ok, bond: ok };
    const no = { licence: fail('forged'), bond: ok };
    const outcomes = reviewOutcomes(
      ['bid-1', 'bid-2', 'bid-3'],
      ['m1', 'm2', 'm3'],
      [
        { memberId: 'm1', bidId: 'bid-1', verdicts: pass },
        { memberId: 'm2', bidId: 'bid-1', verdicts: no },
        { memberId: 'm3', bidId: 'bid-1', verdicts: pass },
        { memberId: 'm1', bidId: 'bid-2', verdicts: pass },
        { memberId: 'm2', bidId: 'bid-2', verdicts: no },
        { memberId: 'gone', bidId: 'bid-2', verdicts: pass },
        { memberId: 'm3', bidId: 'bid-2', verdicts: pass },
        { memberId: 'm3', bidId: 'bid-2', verdicts: no }, // m3's later sheet
        { memberId: 'm1', bidId: 'bid-3', verdicts: pass },
        { memberId: 'gone', bidId: 'bid-3', verdicts: pass },
        { memberId: 'm2', bidId: 'bid-3', verdicts: pass },
      ],
    );
    assert.deepEqual(
      [...outcomes],
      [
        ['bid-1', 'pass'],
        ['bid-2', 'fail'],
        ['bid-3', null],
      ],
    );
  });
});

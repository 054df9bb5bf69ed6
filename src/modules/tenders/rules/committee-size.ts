import type { TenderRule } from './rule.js';

/** ZB Art.37: an evaluation committee has at least 5 members, an odd number, so a vote cannot tie. */
export const MIN_COMMITTEE_SIZE = 5;

export const committeeSize: TenderRule = ({ sections }) =>
  sections.flatMap((s, i) => {
    const { size } = s.evaluationPlan.committee;
    if (size >= MIN_COMMITTEE_SIZE && size % 2 === 1) return [];
    return [
      {
        code: 'COMMITTEE_SIZE_INVALID',
        field: `sections.${i}.evaluationPlan.committee.size`,
        message: `An evaluation committee has at least ${MIN_COMMITTEE_SIZE} members, an odd number`,
        params: { minSize: MIN_COMMITTEE_SIZE, size },
      },
    ];
  });

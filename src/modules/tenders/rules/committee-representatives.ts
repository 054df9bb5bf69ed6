import type { TenderRule } from './rule.js';

/** ZB Art.37: the tenderee's representatives are at most one third of the committee (3 × reps ≤ size). */
export const committeeRepresentatives: TenderRule = ({ sections }) =>
  sections.flatMap((s, i) => {
    const { size, representatives } = s.evaluationPlan.committee;
    if (3 * representatives <= size) return [];
    return [
      {
        code: 'COMMITTEE_REPRESENTATIVES_TOO_MANY',
        field: `sections.${i}.evaluationPlan.committee.representatives`,
        message: 'The tenderee’s representatives may be at most one third of the committee',
        params: { maxRepresentatives: Math.floor(size / 3), representatives },
      },
    ];
  });

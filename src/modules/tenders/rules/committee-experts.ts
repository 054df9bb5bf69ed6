import type { TenderRule, Violation } from './rule.js';

/**
 * ZB Art.37: technical and economic experts are at least two thirds of the committee; the experts and the
 * tenderee's representatives make up the whole committee. Integers only: 3 × experts ≥ 2 × size.
 */
export const committeeExperts: TenderRule = ({ sections }) =>
  sections.flatMap((s, i) => {
    const { size, experts, representatives } = s.evaluationPlan.committee;
    const field = `sections.${i}.evaluationPlan.committee.experts`;
    const out: Violation[] = [];
    if (experts + representatives !== size) {
      out.push({
        code: 'COMMITTEE_MEMBERS_MISMATCH',
        field,
        message: 'Experts and representatives must add up to the committee size',
        params: { size, experts, representatives },
      });
    }
    if (3 * experts < 2 * size) {
      out.push({
        code: 'COMMITTEE_EXPERTS_TOO_FEW',
        field,
        message: 'Experts must be at least two thirds of the committee',
        params: { minExperts: Math.ceil((2 * size) / 3), experts },
      });
    }
    return out;
  });
